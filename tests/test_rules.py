"""One test per diagnostic code: the exact code, severity, file, line and column.

Every test starts from conftest.VALID (which validates clean) and changes one
thing, then compares the whole list of diagnostics, so a rule that fires too
often fails as surely as one that does not fire.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from aeportal.diagnostics import CODES
from aeportal.model import MAX_ASSET_BYTES
from conftest import ACCOUNT, BRIEF, MEETING, TIMELINE, VALID, edit, found, md
from proof_fixtures import FILES, H2, KV2, PNG1, PNG2, VERSIONS

E, W = "error", "warning"
BRIEFS = "accounts/acme/briefs"
CHANGES = "accounts/acme/changes"

# Change requests, one per status, all adding one video (decided ones with who and when).
CR_PROPOSED = md(
    title="One more video",
    requested_by="lan",
    requested_on="2026-10-01",
    adds="[{scope: video, quantity: 1}]",
)
CR_APPROVED = md(
    title="Two more videos",
    requested_by="lan",
    requested_on="2026-10-01",
    adds="[{scope: video, quantity: 2}]",
    status="approved",
    decided_by="lan",
    decided_on="2026-10-05",
)


def decided(status: str) -> str:
    return md(
        title="One more video",
        requested_by="lan",
        requested_on="2026-10-01",
        adds="[{scope: video, quantity: 1}]",
        status=status,
        decided_by="lan",
        decided_on="2026-10-05",
    )


def video(due: str, **more: str) -> str:
    """A brief using one video; ``scope`` is on line 3, column 8."""
    return md(title="Video", scope="video", owner="minh", due=due, **more)


def test_every_code_has_a_test_here() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    tested = set(re.findall(r"^def test_([a-z]+\d{3})_", source, re.MULTILINE))
    assert sorted(code for code in CODES if code.lower() not in tested) == []


# --- positive cases ------------------------------------------------------------


def test_valid_account_is_clean(check) -> None:
    assert check({}) == (0, [])


def test_warnings_alone_exit_0_but_1_with_strict(check) -> None:
    two_videos = {f"{BRIEFS}/v1.md": video("2026-12-01"), f"{BRIEFS}/v2.md": video("2026-12-02")}
    expected = [("SCOPE004", W, ACCOUNT, 46, 15)]
    assert check(two_videos) == (0, expected)
    assert check(two_videos, "--strict") == (1, expected)


def test_approved_change_request_raises_the_contracted_amount(check) -> None:
    assert check(
        {
            f"{CHANGES}/cr-001.md": CR_APPROVED,
            f"{BRIEFS}/v1.md": video("2026-12-01"),
            f"{BRIEFS}/v2.md": video("2026-12-02"),
            f"{BRIEFS}/v3.md": video("2026-12-03", change="cr-001"),
        }
    ) == (0, [])  # 3 of 2 + 2 videos: not even nearly used up


def test_cancelled_briefs_do_not_count(check) -> None:
    cancelled = {f"{BRIEFS}/c{n}.md": video("2026-11-30", status="cancelled") for n in range(5)}
    # Two live videos use the two contracted ones exactly: a warning, but no SCOPE001.
    assert check(
        {
            **cancelled,
            f"{BRIEFS}/v1.md": video("2026-12-01"),
            f"{BRIEFS}/v2.md": video("2026-12-02"),
        }
    ) == (0, [("SCOPE004", W, ACCOUNT, 46, 15)])


def test_proposed_change_request_does_not_count_for_a_draft_brief(check) -> None:
    assert check(
        {
            f"{CHANGES}/cr-001.md": CR_PROPOSED,
            f"{BRIEFS}/v1.md": video("2026-12-01", change="cr-001"),
        }
    ) == (0, [])


# --- files ---------------------------------------------------------------------


def test_file001_invalid_utf8_at_the_bad_byte(check) -> None:
    data = b"---\ntitle: Caf\xe9 post\nowner: minh\n---\n"
    assert check({f"{BRIEFS}/cafe.md": data}) == (1, [("FILE001", E, f"{BRIEFS}/cafe.md", 2, 11)])


def test_file002_binary_file(check) -> None:
    data = b"---\ntitle: X\x00\x01\x02\n---\n"
    assert check({f"{BRIEFS}/x.md": data}) == (1, [("FILE002", E, f"{BRIEFS}/x.md", 0, 0)])


def test_file003_empty_file(check) -> None:
    assert check({TIMELINE: ""}) == (1, [("FILE003", E, TIMELINE, 1, 1)])


def test_file004_byte_order_mark_is_a_warning_and_the_file_is_read(check) -> None:
    data = b"\xef\xbb\xbf" + VALID[BRIEF].replace("in_review", "in-review").encode()
    assert check({BRIEF: data}) == (
        1,
        [("FILE004", W, BRIEF, 1, 1), ("SCHEMA004", E, BRIEF, 5, 9)],
    )


def test_file005_symlink_outside_the_account(make_repo, validate, tmp_path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(md(title="Elsewhere", owner="minh"), encoding="utf-8")
    root = make_repo(VALID)
    (root / BRIEFS / "linked.md").symlink_to(outside)
    status, doc = validate(root)
    assert (status, found(doc)) == (1, [("FILE005", E, f"{BRIEFS}/linked.md", 0, 0)])


def test_file005_symlink_inside_the_account_is_fine(make_repo, validate) -> None:
    root = make_repo(VALID)
    (root / BRIEFS / "alias.md").symlink_to("launch-post.md")
    status, doc = validate(root)
    # The link is read as a second brief on the same scope item: no FILE005.
    assert (status, doc["diagnostics"]) == (0, [])


def test_file006_unknown_file_in_a_document_folder_is_a_warning(check) -> None:
    assert check({f"{BRIEFS}/logo.png": b"\x89PNG"}) == (
        0,
        [("FILE006", W, f"{BRIEFS}/logo.png", 0, 0)],
    )


def test_file006_unknown_entry_in_the_account_folder(check) -> None:
    assert check({"accounts/acme/notes/a.md": md(title="A")}) == (
        0,
        [("FILE006", W, "accounts/acme/notes", 0, 0)],
    )


def test_file007_file_too_large(check) -> None:
    big = VALID[BRIEF] + "x" * (2 * 1024 * 1024)
    assert check({BRIEF: big}) == (1, [("FILE007", E, BRIEF, 0, 0)])


def test_file007_limit_is_inclusive(check) -> None:
    text = VALID[BRIEF]
    exact = text + "x" * (2 * 1024 * 1024 - len(text.encode()))
    assert check({BRIEF: exact}) == (0, [])


def test_file008_file_cannot_be_read(make_repo, validate) -> None:
    root = make_repo({k: v for k, v in VALID.items() if k != TIMELINE})
    (root / TIMELINE).mkdir()  # a folder where timeline.yml should be
    status, doc = validate(root)
    assert status == 1
    assert [(d["code"], d["path"], d["line"]) for d in doc["diagnostics"]] == [
        ("FILE008", TIMELINE, 0)
    ]


def test_file009_document_name_is_not_a_slug(check) -> None:
    text = md(title="Extra posts", requested_by="lan", requested_on="2026-10-01")
    assert check({f"{CHANGES}/CR-001.md": text}) == (
        1,
        [("FILE009", E, f"{CHANGES}/CR-001.md", 0, 0)],
    )


def test_file009_account_folder_name_is_not_a_slug(check) -> None:
    assert check({"accounts/Acme Corp/account.yml": VALID[ACCOUNT]}) == (
        1,
        [("FILE009", E, "accounts/Acme Corp", 0, 0)],
    )


# --- accounts ------------------------------------------------------------------


def test_acct001_account_folder_without_account_yml(check) -> None:
    assert check({"accounts/beta/briefs/x.md": md(title="X", owner="minh")}) == (
        1,
        [("ACCT001", E, "accounts/beta", 0, 0)],
    )


def test_acct002_no_accounts(make_repo, validate) -> None:
    root = make_repo({"README.md": "# Accounts\n"})
    (root / "accounts").mkdir()
    status, doc = validate(root)
    assert (status, doc["accounts"], found_codes(doc)) == (1, 0, [("ACCT002", ".", 0)])


def found_codes(doc: dict[str, object]) -> list[tuple[object, object, object]]:
    diagnostics = doc["diagnostics"]
    assert isinstance(diagnostics, list)
    return [(d["code"], d["path"], d["line"]) for d in diagnostics]


# --- YAML ----------------------------------------------------------------------


def test_yaml001_syntax_error(check) -> None:
    text = VALID[TIMELINE].replace("depends_on: [kickoff]", "depends_on: [kickoff")
    assert check({TIMELINE: text}) == (1, [("YAML001", E, TIMELINE, 15, 17)])


def test_yaml002_duplicate_key(check) -> None:
    text = VALID[BRIEF].replace("owner: minh\n", "owner: minh\nowner: lan\n")
    assert check({BRIEF: text}) == (1, [("YAML002", E, BRIEF, 7, 1)])


def test_yaml003_tab_in_indentation(check) -> None:
    text = VALID[TIMELINE].replace("    title: Campaign launch", "\ttitle: Campaign launch")
    assert check({TIMELINE: text}) == (1, [("YAML003", E, TIMELINE, 10, 1)])


def test_yaml004_yaml11_boolean_where_text_is_expected(check) -> None:
    assert check(edit(ACCOUNT, "role: Brand Manager", "role: no")) == (
        1,
        [("YAML004", E, ACCOUNT, 14, 13)],
    )


def test_yaml005_number_that_yaml_reads_differently(check) -> None:
    assert check(edit(BRIEF, "title: Launch post", "title: 12:30")) == (
        1,
        [("YAML005", E, BRIEF, 2, 8)],
    )


def test_yaml006_anchor_and_alias(check) -> None:
    text = VALID[TIMELINE].replace("owner: minh", "owner: &who minh", 1)
    text = text.replace("owner: minh", "owner: *who", 1)
    # Both places are reported: the anchor to remove, the alias to write out.
    assert check({TIMELINE: text}) == (
        1,
        [("YAML006", E, TIMELINE, 5, 12), ("YAML006", E, TIMELINE, 11, 12)],
    )


def test_yaml006_merge_key(check) -> None:
    text = VALID[TIMELINE].replace("    title: Campaign launch\n", "    <<: {title: Launch}\n")
    assert check({TIMELINE: text}) == (
        1,
        # The merged mapping is not read, so the milestone has no title either.
        [("SCHEMA002", E, TIMELINE, 9, 5), ("YAML006", E, TIMELINE, 10, 5)],
    )


def test_yaml007_key_is_not_plain_text(check) -> None:
    text = VALID[BRIEF].replace("quantity: 1\n", "? [a, b]\n: 1\n")
    assert check({BRIEF: text}) == (1, [("YAML007", E, BRIEF, 4, 3)])


def test_yaml008_two_documents_in_one_file(check) -> None:
    text = VALID[TIMELINE].replace("risks:", "---\nrisks:")
    assert check({TIMELINE: text}) == (1, [("YAML008", E, TIMELINE, 19, 1)])


# --- front matter --------------------------------------------------------------


def test_fm001_no_front_matter(check) -> None:
    assert check({BRIEF: "# Launch post\n\ntitle: Launch post\n"}) == (
        1,
        [("FM001", E, BRIEF, 1, 1)],
    )


def test_fm002_front_matter_not_terminated(check) -> None:
    text = VALID[BRIEF].replace("---\n# Launch post", "# Launch post")
    assert check({BRIEF: text}) == (1, [("FM002", E, BRIEF, 1, 1)])


# --- schema --------------------------------------------------------------------


def test_schema001_unknown_key_with_did_you_mean(make_repo, validate) -> None:
    root = make_repo({**VALID, **edit(BRIEF, "status: in_review", "stauts: in_review")})
    status, doc = validate(root)
    assert (status, found(doc)) == (1, [("SCHEMA001", E, BRIEF, 5, 9)])
    assert doc["diagnostics"][0]["message"] == "unknown key `stauts` in front matter"
    assert doc["diagnostics"][0]["hint"] == "did you mean `status`?"


def test_schema002_required_key_missing(check) -> None:
    assert check(edit(BRIEF, "owner: minh\n", "")) == (1, [("SCHEMA002", E, BRIEF, 2, 1)])


def test_schema002_required_key_empty(check) -> None:
    assert check(edit(BRIEF, "owner: minh", "owner:")) == (1, [("SCHEMA002", E, BRIEF, 6, 7)])


def test_schema003_wrong_type(check) -> None:
    assert check(edit(ACCOUNT, "value: 12000", "value: 12,000")) == (
        1,
        [("SCHEMA003", E, ACCOUNT, 24, 10)],
    )


def test_schema003_record_dropped_makes_its_references_unknown(check) -> None:
    # A scope item whose required quantity cannot be read is left out of the model.
    assert check(edit(ACCOUNT, "quantity: 10", "quantity: ten")) == (
        1,
        [("SCHEMA003", E, ACCOUNT, 41, 15), ("REF003", E, BRIEF, 3, 8)],
    )


def test_broken_brief_is_not_an_unknown_reference(check) -> None:
    # The timeline delivers launch-post: its own error is enough, no REF004 on top.
    assert check(edit(BRIEF, "title: Launch post", "title: [Launch post")) == (
        1,
        [("YAML001", E, BRIEF, 3, 6)],
    )


def test_broken_change_request_is_not_an_unknown_reference(check) -> None:
    broken = CR_PROPOSED.replace("title: One more video", "title: One more video: please")
    assert check(
        {f"{CHANGES}/cr-001.md": broken, f"{BRIEFS}/v1.md": video("2026-12-01", change="cr-001")}
    ) == (1, [("YAML001", E, f"{CHANGES}/cr-001.md", 2, 22)])


def test_schema004_not_an_allowed_choice(check) -> None:
    assert check(edit(TIMELINE, "phase: kickoff", "phase: kick-off")) == (
        1,
        [("SCHEMA004", E, TIMELINE, 4, 12)],
    )


def test_schema005_date_not_iso(check) -> None:
    assert check(edit(TIMELINE, "due: 2026-12-01", "due: 1/12/2026")) == (
        1,
        [("SCHEMA005", E, TIMELINE, 13, 10)],
    )


def test_schema006_id_not_a_slug(check) -> None:
    # The contact is dropped, so its uses become unknown people as well.
    assert check(edit(ACCOUNT, "- id: hoa", "- id: Hoa")) == (
        1,
        [
            ("SCHEMA006", E, ACCOUNT, 12, 11),
            ("REF001", E, MEETING, 4, 18),
            ("REF001", E, TIMELINE, 23, 12),
        ],
    )


def test_schema007_number_below_minimum(check) -> None:
    assert check(edit(ACCOUNT, "sla_days: 2", "sla_days: -1")) == (
        1,
        [("SCHEMA007", E, ACCOUNT, 29, 13)],
    )


def test_schema007_survey_score_above_its_scale(check) -> None:
    surveys = "surveys:\n  - date: 2026-06-30\n    type: csat\n    score: 6\n    by: lan\n"
    assert check({ACCOUNT: VALID[ACCOUNT] + surveys}) == (
        1,
        [("SCHEMA007", E, ACCOUNT, 51, 12)],
    )


@pytest.mark.parametrize(
    ("path", "old", "new", "line", "col"),
    [
        (ACCOUNT, "sla_days: 2", "sla_days: 3000000", 29, 13),  # overflowed the SLA's due date
        (ACCOUNT, "revision_rounds: 1", "revision_rounds: 1000001", 47, 22),
        (BRIEF, "quantity: 1", "quantity: 5000000", 4, 11),
        (ACCOUNT, "value: 12000", "value: 1" + "0" * 400 + ".0", 24, 10),  # read as infinity
        (ACCOUNT, "target: 50000", "target: -20000000000000000", 35, 13),
    ],
)
def test_schema007_number_above_its_range(check, path, old, new, line, col) -> None:
    assert check(edit(path, old, new)) == (1, [("SCHEMA007", E, path, line, col)])


def test_schema008_not_an_email(check) -> None:
    assert check(edit(ACCOUNT, "lan@acme.example", "lan at acme")) == (
        1,
        [("SCHEMA008", E, ACCOUNT, 10, 14)],
    )


def test_schema009_line_break_in_a_name(check) -> None:
    changes = edit(ACCOUNT, "name: Acme Coffee\nlanguage", 'name: "Acme Coffee\\nHanoi"\nlanguage')
    assert check(changes) == (1, [("SCHEMA009", E, ACCOUNT, 1, 7)])


def test_schema009_carriage_return_in_a_title(check) -> None:
    changes = edit(BRIEF, "title: Launch post", 'title: "Launch\\rpost"')
    assert check(changes) == (1, [("SCHEMA009", E, BRIEF, 2, 8)])


# --- references ----------------------------------------------------------------


@pytest.mark.parametrize("due", ["9999-12-31", "0001-01-01", "1969-12-31", "2201-01-01"])
def test_schema010_date_out_of_range(check, due: str) -> None:
    # A due date at the calendar's far edge crashed the calendar feed (the day after it).
    assert check(edit(TIMELINE, "due: 2026-12-01", f"due: {due}")) == (
        1,
        [("SCHEMA010", E, TIMELINE, 13, 10)],
    )


def test_schema010_the_edges_of_the_range_are_dates(check) -> None:
    changes = edit(TIMELINE, "start: 2026-01-05", "start: 1970-01-01")
    changes[TIMELINE] = changes[TIMELINE].replace("due: 2026-12-01", "due: 2200-12-31")
    assert check(changes) == (0, [])


def test_ref001_unknown_person(check) -> None:
    assert check(edit(BRIEF, "owner: minh", "owner: mihn")) == (
        1,
        [("REF001", E, BRIEF, 6, 8)],
    )


def test_ref001_approver_is_not_a_client_contact(check) -> None:
    assert check(edit(ACCOUNT, "approvers: [lan]", "approvers: [lan, minh]")) == (
        1,
        [("REF001", E, ACCOUNT, 28, 20)],
    )


def test_ref002_unknown_objective(check) -> None:
    assert check(edit(BRIEF, "objectives: [reach]", "objectives: [reach, sales]")) == (
        1,
        [("REF002", E, BRIEF, 8, 21)],
    )


def test_ref003_unknown_scope_item(check) -> None:
    assert check(edit(BRIEF, "scope: social-post", "scope: banner")) == (
        1,
        [("REF003", E, BRIEF, 3, 8)],
    )


def test_ref004_unknown_brief(check) -> None:
    assert check(edit(TIMELINE, "[launch-post]", "[launch-post, teaser]")) == (
        1,
        [("REF004", E, TIMELINE, 15, 33)],
    )


def test_ref005_unknown_milestone(check) -> None:
    assert check(edit(TIMELINE, "depends_on: [kickoff]", "depends_on: [kick-off]")) == (
        1,
        [("REF005", E, TIMELINE, 14, 18)],
    )


def test_ref006_duplicate_id(check) -> None:
    assert check(edit(ACCOUNT, "  - id: minh", "  - id: lan")) == (
        1,
        # The second `lan` is reported; `minh` is now unknown where it is used.
        [
            ("REF006", E, ACCOUNT, 16, 9),
            ("REF001", E, BRIEF, 6, 8),
            ("REF001", E, MEETING, 4, 23),
            ("REF001", E, TIMELINE, 5, 12),
            ("REF001", E, TIMELINE, 11, 12),
        ],
    )


def test_ref007_unknown_change_request(check) -> None:
    assert check(edit(BRIEF, "status: in_review", "status: in_review\nchange: cr-404")) == (
        1,
        [("REF007", E, BRIEF, 6, 9)],
    )


# --- scope ---------------------------------------------------------------------


def test_scope001_used_beyond_contracted(check) -> None:
    assert check(
        {
            f"{BRIEFS}/v1.md": video("2026-12-01"),
            f"{BRIEFS}/v2.md": video("2026-12-02"),
            f"{BRIEFS}/v3.md": video("2026-12-03"),
        }
    ) == (1, [("SCOPE001", E, f"{BRIEFS}/v3.md", 3, 8)])


def test_scope001_counts_quantities_not_briefs(check) -> None:
    assert check({f"{BRIEFS}/posts.md": VALID[BRIEF].replace("quantity: 1", "quantity: 10")}) == (
        1,
        # 11 of 10: the brief that comes last by due date (then id) is the one over.
        [("SCOPE001", E, f"{BRIEFS}/posts.md", 3, 8)],
    )


def test_scope002_in_production_on_a_proposed_change_only(check) -> None:
    brief = video("2026-12-01", change="cr-001", status="in_production")
    assert check({f"{CHANGES}/cr-001.md": CR_PROPOSED, f"{BRIEFS}/v3.md": brief}) == (
        1,
        [("SCOPE002", E, f"{BRIEFS}/v3.md", 7, 9)],
    )


def test_scope003_more_revision_rounds_than_contracted(check) -> None:
    brief = video(
        "2026-12-01", revisions="[{round: 1, date: 2026-11-02}, {round: 2, date: 2026-11-09}]"
    )
    assert check({f"{BRIEFS}/v1.md": brief}) == (0, [("SCOPE003", W, f"{BRIEFS}/v1.md", 6, 12)])


def test_scope004_nearly_used_up_at_90_percent(check) -> None:
    # 8 more posts and the launch post: 9 of 10.
    eight = VALID[BRIEF].replace("quantity: 1", "quantity: 8")
    assert check({f"{BRIEFS}/eight.md": eight}) == (0, [("SCOPE004", W, ACCOUNT, 41, 15)])


def test_scope004_not_below_90_percent(check) -> None:
    seven = VALID[BRIEF].replace("quantity: 1", "quantity: 7")
    assert check({f"{BRIEFS}/seven.md": seven}) == (0, [])


@pytest.mark.parametrize("status", ["rejected", "withdrawn"])
def test_scope005_brief_relies_on_a_dead_change_request(check, status: str) -> None:
    assert check(
        {
            f"{CHANGES}/cr-001.md": decided(status),
            f"{BRIEFS}/v1.md": video("2026-12-01", change="cr-001"),
        }
    ) == (1, [("SCOPE005", E, f"{BRIEFS}/v1.md", 6, 9)])


def test_scope006_change_request_adds_to_another_scope_item(check) -> None:
    posts = CR_APPROVED.replace("scope: video", "scope: social-post")
    assert check(
        {f"{CHANGES}/cr-001.md": posts, f"{BRIEFS}/v1.md": video("2026-12-01", change="cr-001")}
    ) == (1, [("SCOPE006", E, f"{BRIEFS}/v1.md", 6, 9)])


# --- timeline ------------------------------------------------------------------

MILESTONE = """\
  - id: {id}
    title: Step {id}
    owner: minh
    due: {due}
    depends_on: [{deps}]
"""


def timeline(*steps: tuple[str, str, str]) -> dict[str, str]:
    """A timeline of (id, due, depends_on) milestones, five lines each from line 2."""
    text = "milestones:\n" + "".join(
        MILESTONE.format(id=i, due=due, deps=deps) for i, due, deps in steps
    )
    # The brief is no longer delivered by any milestone, which is fine.
    return {TIMELINE: text}


def test_time001_starts_after_due(check) -> None:
    assert check(edit(TIMELINE, "start: 2026-11-01", "start: 2026-12-05")) == (
        1,
        [("TIME001", E, TIMELINE, 12, 12)],
    )


def test_time002_dependency_cycle_names_the_cycle(make_repo, validate) -> None:
    files = timeline(("a", "2026-06-01", "b"), ("b", "2026-06-01", "a"))
    status, doc = validate(make_repo({**VALID, **files}))
    assert (status, found(doc)) == (1, [("TIME002", E, TIMELINE, 11, 17)])
    assert doc["diagnostics"][0]["message"] == "dependency cycle: a → b → a"


def test_time002_longer_cycle_is_reported_once(make_repo, validate) -> None:
    files = timeline(("a", "2026-06-01", "c"), ("b", "2026-06-01", "a"), ("c", "2026-06-01", "b"))
    status, doc = validate(make_repo({**VALID, **files}))
    assert (status, found(doc)) == (1, [("TIME002", E, TIMELINE, 11, 17)])
    assert doc["diagnostics"][0]["message"] == "dependency cycle: a → c → b → a"


def test_time002_self_dependency(make_repo, validate) -> None:
    status, doc = validate(make_repo({**VALID, **timeline(("a", "2026-06-01", "a"))}))
    assert (status, found(doc)) == (1, [("TIME002", E, TIMELINE, 6, 17)])
    assert doc["diagnostics"][0]["message"] == "dependency cycle: a → a"


def test_time003_dependency_due_after_the_dependent(check) -> None:
    files = timeline(("a", "2026-06-01", ""), ("b", "2026-05-01", "a"))
    assert check(files) == (0, [("TIME003", W, TIMELINE, 11, 18)])


def test_time004_done_in_the_future(check) -> None:
    assert check(edit(TIMELINE, "done: 2026-01-09", "done: 2026-11-24")) == (
        1,
        [("TIME004", E, TIMELINE, 8, 11)],
    )


def test_time004_done_today_is_fine(check) -> None:
    assert check(edit(TIMELINE, "done: 2026-01-09", "done: 2026-11-23")) == (0, [])


def test_time004_delivered_in_the_future(check) -> None:
    brief = video("2026-12-01", status="delivered", delivered_on="2026-12-01")
    assert check({f"{BRIEFS}/v1.md": brief}) == (1, [("TIME004", E, f"{BRIEFS}/v1.md", 7, 15)])


def test_time005_approved_before_sent(check) -> None:
    text = VALID[TIMELINE].replace(
        "sent: 2026-11-10", "sent: 2026-11-10\n      approved: 2026-11-09"
    )
    assert check({TIMELINE: text}) == (1, [("TIME005", E, TIMELINE, 19, 17)])


def test_time006_contract_ends_before_it_starts(check) -> None:
    assert check(edit(ACCOUNT, "end: 2026-12-31", "end: 2025-12-31")) == (
        1,
        [("TIME006", E, ACCOUNT, 23, 8)],
    )


# --- meetings and approvals ----------------------------------------------------


def test_meet001_action_without_owner(check) -> None:
    assert check(edit(MEETING, "    owner: lan\n", "")) == (1, [("MEET001", E, MEETING, 8, 5)])


def test_meet001_action_with_an_empty_owner(check) -> None:
    assert check(edit(MEETING, "owner: lan", "owner:")) == (1, [("MEET001", E, MEETING, 9, 11)])


def test_meet002_action_without_due_date(check) -> None:
    assert check(edit(MEETING, "    due: 2026-01-20\n", "")) == (
        1,
        [("MEET002", E, MEETING, 8, 5)],
    )


def test_meet002_unreadable_due_date_is_reported_once(check) -> None:
    assert check(edit(MEETING, "due: 2026-01-20", "due: 20/01/2026")) == (
        1,
        [("SCHEMA005", E, MEETING, 10, 10)],
    )


def test_appr001_approver_not_in_the_policy(check) -> None:
    approved = "status: approved\napproved_by: hoa\napproved_on: 2026-11-20"
    assert check(edit(BRIEF, "status: in_review", approved)) == (
        1,
        [("APPR001", E, BRIEF, 6, 14)],
    )


def test_appr001_meeting_approval_by_a_non_approver(check) -> None:
    text = VALID[MEETING].replace(
        "---\nNotes", "approvals:\n  - document: launch-post\n    by: minh\n---\nNotes"
    )
    assert check({MEETING: text}) == (1, [("APPR001", E, MEETING, 14, 9)])


def test_appr002_approval_without_a_date(check) -> None:
    approved = "status: approved\napproved_by: lan"
    assert check(edit(BRIEF, "status: in_review", approved)) == (
        1,
        [("APPR002", E, BRIEF, 6, 14)],
    )


def test_appr002_decided_change_request_without_decider(check) -> None:
    text = decided("approved").replace("decided_by: lan\n", "")
    assert check({f"{CHANGES}/cr-001.md": text}) == (
        1,
        [("APPR002", E, f"{CHANGES}/cr-001.md", 6, 9)],
    )


def test_appr003_approval_date_in_the_future(check) -> None:
    approved = "status: approved\napproved_by: lan\napproved_on: 2026-11-24"
    assert check(edit(BRIEF, "status: in_review", approved)) == (
        1,
        [("APPR003", E, BRIEF, 7, 14)],
    )


def test_appr004_nobody_on_the_team_can_receive_an_approval(check) -> None:
    # The client page's Approve button writes to the team: without an address it is not shown.
    status, found = check(edit(ACCOUNT, "    email: minh@agency.example\n", ""))
    assert (status, found) == (0, [("APPR004", W, ACCOUNT, 16, 3)])


def test_appr004_not_without_approvers(check) -> None:
    no_approval = edit(ACCOUNT, "    email: minh@agency.example\n", "")
    no_approval = {ACCOUNT: no_approval[ACCOUNT].replace("approvers: [lan]", "approvers: []")}
    # Nobody approves, so there is nothing to offer (the timeline's approval is reported).
    assert "APPR004" not in {code for code, *_ in check(no_approval)[1]}


def test_appr005_an_approver_without_an_e_mail_address(check) -> None:
    text = edit(ACCOUNT, "      email: lan@acme.example\n", "")[ACCOUNT]
    text = text.replace("approvers: [lan]", "approvers: [hoa, lan]")
    assert check({ACCOUNT: text}) == (
        0,
        [("APPR005", W, ACCOUNT, 27, 15), ("APPR005", W, ACCOUNT, 27, 20)],
    )


# --- history: the approval trail in git (see test_history.py for the whole trail) ------


def _history_diagnostics(root: Path, *extra: str) -> list[tuple[str, str, str, int, int]]:
    from aeportal.check.rules import check as check_repo

    checked = check_repo(root, dt.date(2026, 11, 23), history=True, require_review="-r" in extra)
    return [
        (d.code, str(d.severity), Path(d.loc.path).name, d.loc.line, d.loc.col)
        for d in checked.report.sorted()
        if d.code.startswith("HIST")
    ]


def test_hist001_changed_since_approved(tmp_path: Path) -> None:
    from test_history import make_history

    make_history(tmp_path)
    assert _history_diagnostics(tmp_path) == [
        ("HIST001", W, "alpha-launch-post.md", 4, 9),
    ]


def test_hist002_approval_without_review(tmp_path: Path) -> None:
    from test_history import make_history

    git = make_history(tmp_path)
    change = tmp_path / "accounts/alpha-co/changes/cr-001-extra-posts.md"
    git.edit(str(change.relative_to(tmp_path)), "status: approved", "status: proposed")
    git.commit("Back to proposed (#9)")
    git.edit(str(change.relative_to(tmp_path)), "status: proposed", "status: approved")
    git.commit("Approved on the phone")
    expected = ("HIST002", W, "cr-001-extra-posts.md", 7, 9)
    assert expected in _history_diagnostics(tmp_path)
    assert ("HIST002", E, "cr-001-extra-posts.md", 7, 9) in _history_diagnostics(tmp_path, "-r")


def test_hist003_shallow_clone(tmp_path: Path) -> None:
    import subprocess

    from test_history import make_history

    make_history(tmp_path / "full")
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{tmp_path / 'full'}", str(tmp_path / "s")],
        check=True,
        capture_output=True,
    )
    found = _history_diagnostics(tmp_path / "s")
    assert [(code, severity) for code, severity, *_ in found] == [("HIST003", W)]


def test_hist004_approval_trailer_names_nobody_of_the_account(tmp_path: Path) -> None:
    from test_history import CHANGE, make_history

    git = make_history(tmp_path)
    # Approved again (a new date) through a pull request, with another client's trailer.
    git.edit(CHANGE, "decided_on: 2026-10-03", "decided_on: 2026-11-05")
    git.commit("Approve again (#9)\n\nApproved-by: Betaperson Contact <cmo@beta.example>\n")
    assert _history_diagnostics(tmp_path) == [
        ("HIST001", W, "alpha-launch-post.md", 4, 9),
        ("HIST004", W, "cr-001-extra-posts.md", 7, 9),
    ]


# --- document text: Markdown only --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "col"),
    [
        ('<iframe src="https://video.example/42"></iframe>', 1),
        ("Call us <script>steal()</script>", 9),
        ('<img src="x.png" onerror="steal()">', 1),
        ('Open <a href="#" onclick="steal()">this</a>', 6),
        ("[Click](javascript:steal())", 9),
        ('[Site](https://x.example){ onclick="steal()" }', 26),
        ("[ref]: javascript:steal()", 8),
    ],
)
def test_html001_script_frame_or_handler(check, text: str, col: int) -> None:
    changes = edit(BRIEF, "One post announcing the new cold brew.", text)
    assert check(changes) == (1, [("HTML001", E, BRIEF, 16, col)])


def test_html002_raw_html(check) -> None:
    changes = edit(BRIEF, "One post announcing the new cold brew.", "Launch <b>today</b> only.")
    assert check(changes) == (0, [("HTML002", W, BRIEF, 16, 8)])


def test_html003_code_fence_on_a_line_of_a_value(check) -> None:
    block = "mitigation: |\n      Send the template:\n      ```\n      Dear Lan,\n      ```"
    changes = edit(TIMELINE, "mitigation: Weekly reminder", block)
    assert check(changes) == (1, [("HTML003", E, TIMELINE, 24, 17)])


def test_html003_not_for_ticks_inside_a_line(check) -> None:
    changes = edit(TIMELINE, "mitigation: Weekly reminder", "mitigation: Run ```make``` weekly")
    assert check(changes) == (0, [])


def test_html_in_code_is_only_code(check) -> None:
    text = "Use `<script>` tags nowhere.\n\n```html\n<script>alert(1)</script>\n```"
    assert check(edit(BRIEF, "One post announcing the new cold brew.", text)) == (0, [])


def test_scope007_change_request_priced_in_another_currency(check) -> None:
    euros = CR_APPROVED.replace("status: approved", "cost: 900\ncurrency: EUR\nstatus: approved")
    assert check({f"{CHANGES}/cr-001.md": euros}) == (
        1,
        [("SCOPE007", E, f"{CHANGES}/cr-001.md", 7, 11)],
    )
    # The contract's own currency, written out, is fine.
    dollars = euros.replace("currency: EUR", "currency: USD")
    assert check({f"{CHANGES}/cr-001.md": dollars}) == (0, [])


# --- document text: what the build can make of it ------------------------------------


def body(text: str) -> dict[str, str]:
    """The brief's text (from line 16 on) replaced by ``text``."""
    return edit(BRIEF, "One post announcing the new cold brew.", text)


@pytest.mark.parametrize(
    ("text", "line", "col"),
    [
        ("".join("    " * i + "- item\n" for i in range(300)), 32, 65),  # was a RecursionError
        (">" * 400 + " a quote of quotes", 16, 17),
        ("- " * 30 + "a list in a list on one line", 16, 33),
        ("1. " + "> - " * 10 + "mixed", 16, 34),
        ("\t" * 20 + "- tabs indent too", 16, 17),
    ],
)
def test_body001_nesting_too_deep(check, text: str, line: int, col: int) -> None:
    # Once per paragraph: the deeper lines after the first are the same problem.
    assert check(body(text)) == (1, [("BODY001", E, BRIEF, line, col)])


def test_body001_sixteen_levels_build(check) -> None:
    text = "".join("    " * i + "- item\n" for i in range(16)) + ">" * 16 + " quoted"
    assert check(body(text)) == (0, [])


@pytest.mark.parametrize(
    ("text", "col"),
    [
        ("[" * 20_000, 51),  # took minutes to build
        ("![" * 60, 102),
        ("[a](" * 60, 204),
        ("<b " * 60, 151),
        ("]" * 100 + "[" * 60, 151),  # a closing bracket before it closes nothing
    ],
)
def test_body002_unclosed_brackets(check, text: str, col: int) -> None:
    status, diagnostics = check(body(text))
    assert (status, [d for d in diagnostics if d[0] != "HTML002"]) == (
        1,
        [("BODY002", E, BRIEF, 16, col)],
    )


def test_body002_counts_per_paragraph_and_closed_brackets_are_fine(check) -> None:
    text = "\n\n".join(["[" * 50] * 20) + "\n\n" + "[a](https://x.example) " * 500
    assert check(body(text)) == (0, [])


@pytest.mark.parametrize(
    "text",
    [
        "\\" * 4000,  # 80 KB of it took 9 s to build
        "Intro.\n" + "[x](https://x.example) " * 700,  # 700 links in one 16 KB paragraph
        "&amp;" * 1500,
    ],
)
def test_body003_too_many_marks_for_the_length_of_a_paragraph(check, text: str) -> None:
    assert check(body(text)) == (1, [("BODY003", E, BRIEF, 16, 1)])


def test_body003_counts_per_paragraph_and_not_in_code(check) -> None:
    long_code = "```\n" + "<p>*x* & [y]</p>\n" * 2000 + "```"
    text = "\n\n".join(["\\" * 3000] * 10) + "\n\n" + long_code
    assert check(body(text)) == (0, [])


INTERNAL_BRIEF = "accounts/acme/briefs/pricing.md"
INTERNAL = {INTERNAL_BRIEF: md(title="Pricing", owner="minh", visibility="internal")}


@pytest.mark.parametrize(
    ("text", "line", "col"),
    [
        ("See [x](missing.md) first.", 16, 9),
        ("![kv](round1.png)", 16, 7),
        ('[link](other.md "title")', 16, 8),
        ("Use [it][ref] and [it][ref].\n\n[ref]: gone.md", 18, 8),
        ("[x](../meetings/kick-off.md#decisions)", 16, 5),
        ("Note <!-- [x](only-for-the-agency.md) -->", 16, 15),  # the agency's page shows it
        ("[x](a\\_b.md)", 16, 5),
    ],
)
def test_link001_target_does_not_exist(check, text: str, line: int, col: int) -> None:
    assert check(body(text)) == (1, [("LINK001", E, BRIEF, line, col)])


def test_link001_address_in_angle_brackets(check) -> None:
    # The sanitiser shows the `<` as text, so the page links `&lt;page.md>`: still placed.
    assert check(body('[x](<page.md> "title")')) == (
        1,
        [("HTML002", W, BRIEF, 16, 5), ("LINK001", E, BRIEF, 16, 5)],
    )


def test_links_the_build_resolves_are_fine(check) -> None:
    text = (
        "[meeting](../meetings/kickoff.md#decisions), [self](launch-post.md), [top](#launch-post),"
        " [timeline](../timeline.md), [home](../index.md), [briefs](index.md),"
        " [site](https://acme.example), [mail](mailto:lan@acme.example), `[code](missing.md)`,"
        " \\[not](a-link.md), [feed](../calendar.ics)"
        "\n\n    [indented code](missing.md)\n\n```\n[fenced](missing.md)\n```\n"
        '\n<a href="missing.md">raw HTML is shown as text</a>'
    )
    assert check(body(text)) == (0, [("HTML002", W, BRIEF, 24, 1)])


def test_link002_client_page_links_an_internal_page(check) -> None:
    changes = {**body("Priced in [the upsell](pricing.md)."), **INTERNAL}
    assert check(changes) == (1, [("LINK002", E, BRIEF, 16, 24)])


def test_link002_not_from_an_internal_page_nor_from_a_comment(check) -> None:
    changes = {**body("Priced separately. <!-- see [it](pricing.md) -->"), **INTERNAL}
    changes[MEETING] = VALID[MEETING].replace("title:", "visibility: internal\ntitle:")
    changes[MEETING] += "\nAs in [pricing](../briefs/pricing.md).\n"
    assert check(changes) == (0, [])


def test_link003_leads_into_another_account(check) -> None:
    other = {f"accounts/beta/{p.split('/', 2)[2]}": t for p, t in VALID.items()}
    text = "Like [Beta's launch](../../beta/briefs/launch-post.md)."
    assert check({**body(text), **other}) == (1, [("LINK003", E, BRIEF, 16, 22)])


def test_images_and_links_to_files_in_assets_are_published(check) -> None:
    changes = {
        **body("![Key visual](../assets/kv-round1.png) and [the logo](../assets/logo.svg)"),
        "accounts/acme/assets/kv-round1.png": b"\x89PNG",
        "accounts/acme/assets/logo.svg": b"<svg/>",
    }
    assert check(changes) == (0, [])


def test_a_body_link_to_assets_gets_the_checks_of_a_version_file(check) -> None:
    pointer = f"version https://git-lfs.github.com/spec/v1\noid sha256:{'a' * 64}\nsize 52428800\n"
    changes = {
        **body("See [the cut](../assets/cut.mp4) and ![the layers](../assets/kv.psd)"),
        "accounts/acme/assets/cut.mp4": pointer,
        "accounts/acme/assets/kv.psd": b"8BPS",
    }
    assert check(changes) == (1, [("PROOF006", E, BRIEF, 16, 15), ("PROOF004", E, BRIEF, 16, 52)])


def test_link004_an_svg_or_html_file_shown_as_an_image(check) -> None:
    changes = {
        **body("Logo: ![Logo](../assets/logo.svg) ![Page](../assets/a/page.HTML)"),
        "accounts/acme/assets/logo.svg": b"<svg/>",
        "accounts/acme/assets/a/page.HTML": b"<html/>",
    }
    assert check(changes) == (1, [("LINK004", E, BRIEF, 16, 15), ("LINK004", E, BRIEF, 16, 43)])


def test_link005_file_of_the_account_that_is_no_page(check) -> None:
    note = "accounts/acme/internal/margin.md"
    changes = {note: md(title="Margin") + "Dates as in [the timeline](../timeline.yml).\n"}
    assert check(changes) == (1, [("LINK005", E, note, 5, 28)])


def test_link006_absolute_link(check) -> None:
    assert check(body('See [the timeline](/timeline.md "Timeline").')) == (
        0,
        [("LINK006", W, BRIEF, 16, 20)],
    )


def test_link007_relative_link_that_names_no_file(check) -> None:
    assert check(body("Follows [the post](social-post).")) == (
        0,
        [("LINK007", W, BRIEF, 16, 20)],
    )


# --- versions of a deliverable (proof_fixtures.VERSIONS: two versions of the brief) ---------

ASSETS = "accounts/acme/assets"


def versions(old: str = "", new: str = "", **files: bytes) -> dict[str, str | bytes]:
    """The brief with versions and their files, ``old`` (once in the brief) made ``new``."""
    assert not old or VERSIONS.count(old) == 1, old
    text = VERSIONS.replace(old, new) if old else VERSIONS
    return {**FILES, BRIEF: text, **{f"{ASSETS}/{k}": v for k, v in files.items()}}


def test_proof001_file_of_a_version_does_not_exist(check) -> None:
    changes = versions("launch/kv-2.png\n---", "launch/kv-3.png\n---")
    assert check(changes) == (
        1,
        [("PROOF007", W, f"{ASSETS}/launch/kv-2.png", 0, 0), ("PROOF001", E, BRIEF, 37, 9)],
    )


def test_proof002_file_outside_assets(check) -> None:
    changes = versions("- assets/launch/kv-2.png", "- launch/kv-2.png")
    assert check(changes) == (
        1,
        [("PROOF007", W, f"{ASSETS}/launch/kv-2.png", 0, 0), ("PROOF002", E, BRIEF, 37, 9)],
    )


def test_proof003_file_of_another_account(check) -> None:
    changes = versions("- assets/launch/kv-2.png", "- ../beta/assets/kv-2.png")
    assert check(changes) == (
        1,
        [("PROOF007", W, f"{ASSETS}/launch/kv-2.png", 0, 0), ("PROOF003", E, BRIEF, 37, 9)],
    )


def test_proof004_file_type_not_published(check) -> None:
    changes = versions("launch/kv-2.png\n---", "launch/kv-2.psd\n---", **{"launch/kv-2.psd": PNG2})
    del changes[KV2]
    assert check(changes) == (1, [("PROOF004", E, BRIEF, 37, 9)])


def test_proof005_file_too_large(check, make_repo) -> None:
    changes = versions()
    os.truncate(make_repo(changes) / KV2, MAX_ASSET_BYTES + 1)  # sparse: quick to make
    del changes[KV2]  # written once, above
    assert check(changes) == (1, [("PROOF005", E, BRIEF, 37, 9)])


def test_proof006_lfs_pointer_not_fetched(check) -> None:
    pointer = f"version https://git-lfs.github.com/spec/v1\noid sha256:{H2}\nsize 42\n"
    assert check(versions(**{"launch/kv-2.png": pointer.encode()})) == (
        1,
        [("PROOF006", E, BRIEF, 37, 9)],
    )


def test_proof007_file_nothing_refers_to(check) -> None:
    assert check(versions(**{"launch/kv-0.png": PNG1})) == (
        0,
        [("PROOF007", W, f"{ASSETS}/launch/kv-0.png", 0, 0)],
    )


def test_proof008_versions_out_of_order(check) -> None:
    assert check(versions("date: 2026-11-16", "date: 2026-11-09")) == (
        1,
        [("PROOF008", E, BRIEF, 34, 11)],
    )


def test_proof008_versions_numbered_with_a_gap(check) -> None:
    # The feedback done in "version 2" now names no version.
    assert check(versions("- version: 2", "- version: 3")) == (
        1,
        [("PROOF014", E, BRIEF, 29, 18), ("PROOF008", E, BRIEF, 33, 14)],
    )


def test_proof009_decision_by_someone_who_is_no_approver(check) -> None:
    assert check(versions("      by: lan\n", "      by: hoa\n")) == (
        1,
        [("PROOF009", E, BRIEF, 20, 11)],
    )


def test_proof010_file_changed_after_the_decision(check) -> None:
    assert check(versions(**{"launch/kv-1.png": PNG1 + b" retouched"})) == (
        0,
        [("PROOF010", W, BRIEF, 23, 33)],
    )


def test_proof011_feedback_by_someone_who_is_no_client_contact(check) -> None:
    assert check(versions("- by: hoa", "- by: minh")) == (1, [("PROOF011", E, BRIEF, 30, 13)])


def test_proof012_feedback_left_open_when_a_newer_version_was_sent(check) -> None:
    assert check(versions("        done_in: 2\n", "")) == (0, [("PROOF012", W, BRIEF, 26, 9)])


def test_proof013_two_contacts_on_the_same_place_in_one_round(check) -> None:
    round_two = (
        "      - assets/launch/kv-2.png\n"
        "    feedback:\n"
        "      - {by: lan, text: Bigger logo, where: Hero}\n"
        "      - {by: hoa, text: Smaller logo, where: hero}\n"
    )
    assert check(versions("      - assets/launch/kv-2.png\n", round_two)) == (
        0,
        [("PROOF013", W, BRIEF, 40, 46)],
    )


def test_proof014_feedback_done_in_no_later_version(check) -> None:
    assert check(versions("done_in: 2", "done_in: 1")) == (1, [("PROOF014", E, BRIEF, 29, 18)])


def test_proof015_external_link_that_is_no_https_address(check) -> None:
    assert check(versions('url: "https://', 'url: "javascript://')) == (
        1,
        [("PROOF015", E, BRIEF, 17, 39)],
    )


def test_proof016_decision_on_an_internal_version(check) -> None:
    changes = versions(
        "    changes: First design\n", "    changes: First design\n    visibility: internal\n"
    )
    assert check(changes) == (1, [("PROOF016", E, BRIEF, 20, 7)])


# --- the relationship: contract history, complaints, proposals --------------------------

REL = "accounts/acme/relationship.yml"
# An earlier contract the account.yml one renews on a larger value, a resolved complaint,
# a referral, an expansion and a declined proposal: valid on TODAY.
REL_TEXT = """\
contracts:
  - id: C-2025-01
    start: 2025-01-01
    end: 2025-12-31
    value: 10000
    currency: USD
    outcome: expanded
complaints:
  - id: late-post
    date: 2026-03-02
    by: lan
    channel: email
    severity: high
    about: A post went out late
    owner: minh
    resolved_on: 2026-03-05
    resolution: Apology and a check of the schedule
referrals:
  - {date: 2026-04-01, by: hoa, referred: Bean There Cafe}
expansions:
  - {date: 2026-05-01, contract: C-2026-01, value: 500, currency: USD, what: A second city}
proposals:
  - id: loyalty-app
    date: 2026-06-01
    title: Loyalty app concept
    by: minh
    value: 3000
    currency: USD
    status: declined
    decided_on: 2026-06-10
"""
RENEWS = "  renewal: in_discussion\n"


def rel(old: str = "", new: str = "", renews: str = "C-2025-01") -> dict[str, str]:
    """The valid relationship, ``old`` replaced by ``new``; the account's contract renews
    ``renews`` (line 27 of account.yml)."""
    assert not old or REL_TEXT.count(old) == 1, old
    return {
        REL: REL_TEXT.replace(old, new) if old else REL_TEXT,
        **edit(ACCOUNT, RENEWS, f"{RENEWS}  renews: {renews}\n"),
    }


def test_relationship_history_is_valid(check) -> None:
    assert check(rel()) == (0, [])


def test_health001_contracts_overlap(check) -> None:
    assert check(rel("end: 2025-12-31", "end: 2026-01-01")) == (
        1,
        [("HEALTH001", E, ACCOUNT, 22, 10)],
    )


def test_health002_renewal_before_the_contract_it_renews(check) -> None:
    # The earlier contract moved after the current one: it no longer comes first.
    moved = rel("start: 2025-01-01\n    end: 2025-12-31", "start: 2027-01-01\n    end: 2027-12-31")
    assert check(moved) == (1, [("HEALTH002", E, ACCOUNT, 27, 11)])


def test_health003_unknown_contract(check) -> None:
    assert check(rel(renews="C-2024-01")) == (
        1,
        [("HEALTH003", E, ACCOUNT, 27, 11), ("HEALTH004", E, REL, 7, 14)],
    )
    assert check(rel("contract: C-2026-01", "contract: C-2026-1")) == (
        1,
        [("HEALTH003", E, REL, 21, 34)],
    )


def test_health004_outcome_does_not_match_the_renewal(check) -> None:
    # 10000 → 12000 is an expansion, not a reduction.
    assert check(rel("outcome: expanded", "outcome: reduced")) == (
        1,
        [("HEALTH004", E, REL, 7, 14)],
    )
    # Renewed by the current contract, yet it says it ended.
    assert check(rel("outcome: expanded", "outcome: ended")) == (
        1,
        [("HEALTH004", E, REL, 7, 14)],
    )
    # A competitor named on a contract that was not lost.
    lost_to = rel("outcome: expanded", "outcome: expanded\n    lost_to: Rival Agency")
    assert check(lost_to) == (1, [("HEALTH004", E, REL, 8, 14)])


def test_health004_the_current_contract_cannot_be_renewed_by_nothing(check) -> None:
    assert check(edit(ACCOUNT, RENEWS, f"{RENEWS}  outcome: renewed\n")) == (
        1,
        [("HEALTH004", E, ACCOUNT, 27, 12)],
    )


def test_health005_amount_in_another_currency(check) -> None:
    assert check(rel("currency: USD, what", "currency: EUR, what")) == (
        1,
        [("HEALTH005", E, REL, 21, 67)],
    )
    # A renewal in another currency than the contract it renews.
    assert check(rel("    currency: USD\n    outcome", "    currency: EUR\n    outcome")) == (
        1,
        [("HEALTH005", E, ACCOUNT, 25, 13)],
    )


def test_health006_resolved_before_it_was_raised(check) -> None:
    assert check(rel("resolved_on: 2026-03-05", "resolved_on: 2026-03-01")) == (
        1,
        [("HEALTH006", E, REL, 16, 18)],
    )
    assert check(rel("decided_on: 2026-06-10", "decided_on: 2026-05-10")) == (
        1,
        [("HEALTH006", E, REL, 30, 17)],
    )


def test_health007_resolution_incomplete(check) -> None:
    assert check(rel("    resolved_on: 2026-03-05\n", "")) == (
        1,
        [("HEALTH007", E, REL, 16, 17)],
    )
    assert check(rel("    resolution: Apology and a check of the schedule\n", "")) == (
        1,
        [("HEALTH007", E, REL, 16, 18)],
    )


def test_health008_accepted_proposal_without_the_work_it_became(check) -> None:
    assert check(rel("status: declined", "status: accepted")) == (
        1,
        [("HEALTH008", E, REL, 29, 13)],
    )
    # It became a change request that the client has not approved.
    became = rel("status: declined", "status: accepted\n    change: cr-001")
    assert check({**became, f"{CHANGES}/cr-001.md": CR_PROPOSED}) == (
        1,
        [("HEALTH008", E, REL, 30, 13)],
    )
    assert check({**became, f"{CHANGES}/cr-001.md": CR_APPROVED}) == (0, [])
    # A declined proposal names no work, and a decided one has a date.
    named = rel("status: declined", "status: declined\n    contract: C-2026-01")
    assert check(named) == (1, [("HEALTH008", E, REL, 30, 15)])
    assert check(rel("    decided_on: 2026-06-10\n", "")) == (
        1,
        [("HEALTH008", E, REL, 29, 13)],
    )


def test_health008_a_proposal_still_proposed_has_no_decision_date(check) -> None:
    assert check(rel("status: declined", "status: proposed")) == (
        1,
        [("HEALTH008", E, REL, 30, 17)],
    )


def test_health008_the_change_request_must_exist(check) -> None:
    became = rel("status: declined", "status: accepted\n    change: cr-009")
    assert check(became) == (1, [("REF007", E, REL, 30, 13)])


def test_health009_proposal_decided_but_never_sent(check) -> None:
    assert check(rel("status: declined", "sent: false\n    status: declined")) == (
        1,
        [("HEALTH009", E, REL, 30, 13)],
    )
    # An idea not sent may be kept, internal and proposed, but not shown to the client.
    idea = "sent: false\n    status: proposed\n    visibility: client"
    assert check(rel("status: declined\n    decided_on: 2026-06-10", idea)) == (
        1,
        [("HEALTH009", E, REL, 31, 17)],
    )


def test_health010_person_on_the_wrong_side(check) -> None:
    assert check(rel("by: lan", "by: minh")) == (1, [("HEALTH010", E, REL, 11, 9)])
    assert check(rel("owner: minh", "owner: hoa")) == (1, [("HEALTH010", E, REL, 15, 12)])
    # The account's lead is a team member (line 29, after `renews:` on line 27).
    roles = "account_executive: minh\naccount_lead: lan\n"
    lead = rel()
    lead[ACCOUNT] = lead[ACCOUNT].replace("approval:\n", roles + "approval:\n")
    assert check(lead) == (1, [("HEALTH010", E, ACCOUNT, 29, 15)])
    assert check({**lead, ACCOUNT: lead[ACCOUNT].replace("lead: lan", "lead: minh")}) == (0, [])
    assert check(rel("by: hoa", "by: nobody")) == (1, [("REF001", E, REL, 19, 28)])


def test_relationship_dates_that_record_the_past(check) -> None:
    assert check(rel("date: 2026-04-01", "date: 2026-12-01")) == (
        1,
        [("TIME004", E, REL, 19, 12)],
    )
