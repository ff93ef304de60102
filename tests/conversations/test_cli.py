"""`twoway conversation analyse FILE [--format json|table] [--groups COLUMN]`: the contract's JSON
keys, the long form in CSV and Parquet, Pol.is's two exports, and clear errors for bad files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from twoway.cli import main
from twoway.insights.opinion.synthetic import synthetic_conversation

TWOWAY = str(Path(sys.executable).parent / "twoway")


@pytest.fixture(scope="module")
def conversation():
    return synthetic_conversation(300, 30, density=0.6, groups=3, leaders=0.15, seed=4)


def long_table(conversation) -> pl.DataFrame:
    lens = [conversation.lens[p] for p in conversation.participant]
    return pl.DataFrame(
        {
            "participant": [f"p{p}" for p in conversation.participant],
            "statement": conversation.statement,
            "vote": conversation.vote,
            "lens": lens,
        }
    )


def analyse(capsys, *args) -> tuple[int, str, str]:
    code = main(["twoway", "conversation", "analyse", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_the_contracts_keys_and_no_participant(tmp_path, capsys, conversation):
    path = tmp_path / "votes.csv"
    long_table(conversation).write_csv(path)
    code, out, _ = analyse(capsys, path, "--format", "json", "--groups", "lens")
    assert code == 0
    result = json.loads(out)
    assert {"groups", "repness", "consensus", "divides"} <= set(result)
    assert [g["id"] for g in result["groups"]] == ["A", "B", "C"]
    assert all(g["size"] >= 5 for g in result["groups"])
    assert result["divides"] and result["divides"][0]["first"] == "leader"
    assert '"p1"' not in out and '"p12"' not in out


def test_parquet_gives_the_same_analysis_as_csv(tmp_path, capsys, conversation):
    table = long_table(conversation)
    table.write_csv(tmp_path / "votes.csv")
    table.write_parquet(tmp_path / "votes.parquet")
    _, from_csv, _ = analyse(capsys, tmp_path / "votes.csv", "--format", "json")
    _, from_parquet, _ = analyse(capsys, tmp_path / "votes.parquet", "--format", "json")
    assert json.loads(from_csv)["groups"] == json.loads(from_parquet)["groups"]


def test_the_table_format_reads_for_a_person(tmp_path, capsys, conversation):
    path = tmp_path / "votes.csv"
    long_table(conversation).write_csv(path)
    code, out, _ = analyse(capsys, path, "--groups", "lens")
    assert code == 0
    assert "Opinion groups" in out and "Representative statements" in out
    assert "What divides leader and frontline" in out


def test_polis_participant_votes_export_is_read(tmp_path, capsys, conversation):
    # Pol.is's participant-votes.csv: one row per participant, a column per statement id.
    wide = (
        long_table(conversation)
        .pivot(on="statement", index="participant", values="vote")
        .with_columns(
            pl.lit("").alias("group-id"),
            pl.lit(0).alias("n-comments"),
            pl.lit(0).alias("n-votes"),
            pl.lit(0).alias("n-agree"),
            pl.lit(0).alias("n-disagree"),
        )
    )
    order = ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"]
    wide = wide.select(order + [c for c in wide.columns if c not in order])
    path = tmp_path / "participant-votes.csv"
    wide.write_csv(path)
    code, out, err = analyse(capsys, path, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["votes"] == conversation.vote.size


def test_polis_votes_export_keeps_each_persons_latest_vote(tmp_path, capsys):
    rows = ["timestamp,datetime,comment-id,voter-id,vote"]
    for voter in range(12):
        rows.append(f"100,x,0,{voter},-1")
        rows.append(f"200,x,0,{voter},1")  # changed their mind: agree counts
        rows.append(f"150,x,1,{voter},{1 if voter % 2 else -1}")
    path = tmp_path / "votes.csv"
    path.write_text("\n".join(rows) + "\n")
    code, out, err = analyse(capsys, path, "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    assert result["votes"] == 24
    assert [e["statement"] for e in result["consensus"]["overall"]["agree"]] == [0]


@pytest.mark.parametrize(
    "content, message",
    [
        ("participant,statement,vote\np1,s1,2\n", "row 2, column \"vote\": '2' is not one of 1"),
        ("participant,statement,vote\np1,s1,agree\n", "row 2, column \"vote\": 'agree'"),
        ("participant,statement,vote\n", "the file has no votes"),
        ("person,item,value\na,b,1\n", 'the file has no column "participant"'),
        ("participant,statement,vote\np1,s1,1\np2,,1\n", 'row 3, column "statement": empty'),
        (
            "participant,statement,vote\np1,s1,1\np2,s1,1\np1,s1,-1\n",
            "rows 2 and 4: participant 'p1' voted more than once on statement 's1'",
        ),
    ],
)
def test_a_bad_file_gets_a_clear_error_and_exit_code_2(tmp_path, capsys, content, message):
    path = tmp_path / "votes.csv"
    path.write_text(content)
    code, out, err = analyse(capsys, path)
    assert code == 2
    assert message in err
    assert out == ""


def test_a_missing_groups_column_is_named(tmp_path, capsys, conversation):
    path = tmp_path / "votes.csv"
    long_table(conversation).write_csv(path)
    code, _, err = analyse(capsys, path, "--groups", "site")
    assert code == 2 and 'no column "site"' in err


def test_a_groups_column_must_be_the_same_on_a_participants_rows(tmp_path, capsys):
    path = tmp_path / "votes.csv"
    path.write_text("participant,statement,vote,lens\np1,s1,1,leader\np1,s2,1,frontline\n")
    code, _, err = analyse(capsys, path, "--groups", "lens")
    assert code == 2 and "participant 'p1' has more than one value" in err


def test_one_participant_is_not_enough(tmp_path, capsys):
    path = tmp_path / "votes.csv"
    path.write_text("participant,statement,vote\np1,s1,1\np1,s2,-1\n")
    code, out, _ = analyse(capsys, path)
    assert code == 0
    assert "Not enough people yet" in out


def test_k_below_three_is_refused(tmp_path, capsys):
    code, _, err = analyse(capsys, tmp_path / "x.csv", "--min-group", "2")
    assert code == 2 and "--min-group must be at least 3" in err


def test_the_installed_command_runs_without_django(tmp_path, conversation):
    path = tmp_path / "votes.parquet"
    long_table(conversation).write_parquet(path)
    code = (
        "import sys; sys.modules['django'] = None\n"
        "from twoway.cli import main\n"
        f"sys.exit(main(['twoway', 'conversation', 'analyse', {str(path)!r}, '--format', 'json']))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["groups"]
    help_ = subprocess.run(
        [TWOWAY, "conversation", "analyse", "--help"], capture_output=True, text=True
    )
    assert "--groups COLUMN" in help_.stdout
