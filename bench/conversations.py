"""Benchmark the conversations' maths: a full recompute against red-dwarf, and the command line.

    .venv/bin/python bench/conversations.py          # 20,000 participants x 1,000 statements
    .venv/bin/python bench/conversations.py --quick  # 2,000 x 200, a smoke run

Targets (issue 11), at 10% density (about 2 million votes):
- a full recompute (votes as arrays -> groups, repness, consensus, divides, priorities, all
  suppressed at k) under 5 s, and faster than red-dwarf's `run_pipeline` on the same votes in
  the same run (the ratio is printed);
- `twoway conversation analyse FILE.parquet --format json --groups lens` under 8 s, wall time
  of the whole command (interpreter start, imports, reading the file, output).

red-dwarf is handed the votes as a dict of columns (which its `generate_raw_matrix` accepts),
so building two million Python dicts is not counted against it. Both run with one thread per
core available (BLAS as installed); timings are the best of `--repeat` runs for twoway, one run
for red-dwarf (it takes longer and varies less).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import polars as pl  # noqa: E402
from sklearn.metrics import adjusted_rand_score  # noqa: E402

from twoway.insights.opinion import analyse, votes_from_arrays  # noqa: E402
from twoway.insights.opinion.synthetic import synthetic_conversation  # noqa: E402

TWOWAY = str(Path(sys.executable).parent / "twoway")


def twoway_recompute(conversation) -> tuple[float, dict]:
    started = time.perf_counter()
    votes = votes_from_arrays(conversation.participant, conversation.statement, conversation.vote)
    lens = [conversation.lens[p] for p in votes.participants]
    result = analyse(votes, k=5, declared={"lens": lens})
    return time.perf_counter() - started, result


def red_dwarf_recompute(conversation) -> tuple[float | None, object]:
    try:
        with warnings.catch_warnings():  # pydantic warns about red-dwarf's models on import
            warnings.simplefilter("ignore")
            from reddwarf.implementations.base import run_pipeline
    except ImportError:
        return None, None
    columns = {
        "participant_id": conversation.participant,
        "statement_id": conversation.statement,
        "vote": conversation.vote.astype(np.int64),
    }
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = run_pipeline(votes=columns, random_state=0)
    return time.perf_counter() - started, result


def command_line(conversation, folder: Path) -> tuple[float, int]:
    path = folder / "votes.parquet"
    pl.DataFrame(
        {
            "participant": conversation.participant,
            "statement": conversation.statement,
            "vote": conversation.vote,
            "lens": [conversation.lens[p] for p in conversation.participant],
        }
    ).write_parquet(path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    run = subprocess.run(
        [TWOWAY, "conversation", "analyse", str(path), "--format", "json", "--groups", "lens"],
        capture_output=True,
        env=env,
        timeout=600,
    )
    elapsed = time.perf_counter() - started
    if run.returncode != 0:
        sys.exit(f"the command failed: {run.stderr.decode()[-500:]}")
    return elapsed, len(run.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-red-dwarf", action="store_true")
    args = parser.parse_args()
    people, statements = (2_000, 200) if args.quick else (20_000, 1_000)
    conversation = synthetic_conversation(people, statements, density=0.1, groups=3, seed=11)
    print(
        f"votes: {conversation.vote.size:,} ({people:,} participants x {statements:,} "
        f"statements at 10% density); cores: {os.cpu_count()}"
    )
    timings = []
    for _ in range(args.repeat):
        elapsed, result = twoway_recompute(conversation)
        timings.append(elapsed)
    ours = min(timings)
    print(
        f"twoway recompute: best {ours:.2f} s of {args.repeat} "
        f"({', '.join(f'{t:.2f}' for t in timings)}); groups "
        f"{[g['size'] for g in result['groups']]}, divides {len(result['divides'])}; "
        "target < 5 s: " + ("met" if ours < 5 else "MISSED")
    )
    if not args.no_red_dwarf:
        theirs, reference = red_dwarf_recompute(conversation)
        if theirs is None:
            print("red-dwarf: not installed (pip install red-dwarf); no comparison")
        else:
            labels = reference.participants_df["cluster_id"].to_numpy(dtype=float, na_value=-1)
            ours_labels = _labels(result, conversation)
            agreement = adjusted_rand_score(labels.astype(int), ours_labels)
            print(
                f"red-dwarf run_pipeline: {theirs:.2f} s; twoway is {theirs / ours:.1f}x faster; "
                f"groups agree (adjusted Rand) {agreement:.3f}"
            )
    with tempfile.TemporaryDirectory() as folder:
        elapsed, size = command_line(conversation, Path(folder))
    print(
        f"twoway conversation analyse (Parquet, JSON out, {size:,} bytes): {elapsed:.2f} s; "
        "target < 8 s: " + ("met" if elapsed < 8 else "MISSED")
    )


def _labels(result: dict, conversation) -> np.ndarray:
    """Our groups per participant, recomputed from the pipeline's pieces (the result itself
    holds no participant's group, by design)."""
    from twoway.insights.opinion.clusters import SEED
    from twoway.insights.opinion.pipeline import group_labels
    from twoway.insights.opinion.projection import project

    votes = votes_from_arrays(conversation.participant, conversation.statement, conversation.vote)
    return group_labels(votes, project(votes).coords, result["k"], seed=SEED)


if __name__ == "__main__":
    main()
