"""The floor of a cold start for a typer command whose output is a pydantic model.

    python bench/floor.py PATH

One argument and one option, one model of one field printed as JSON: what any
command built on typer and pydantic pays before it does anything of its own
(the interpreter, pydantic's model machinery, typer, one option's coercion).
bench/run.py times it beside `goalextract parse sample.txt` and `import pydantic`,
so the cold-parse ratio can be read against what the two libraries cost by
themselves.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from pydantic import BaseModel, Field


class Output(BaseModel):
    path: str = Field(description="the input, as given")


app = typer.Typer(add_completion=False)


@app.command()
def parse(
    path: Annotated[str, typer.Argument()],
    timeout: Annotated[float, typer.Option(min=0)] = 300.0,
) -> None:
    sys.stdout.write(Output(path=path).model_dump_json() + "\n")


if __name__ == "__main__":
    app()
