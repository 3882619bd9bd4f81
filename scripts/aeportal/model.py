"""The content model: typed, immutable records with their source positions. No IO here.

Each record keeps ``loc`` (where its mapping starts) and ``locs`` (where each of
its keys' values starts), so that every later stage can point at the exact line.
The field annotations drive both the strict loader and the JSON Schemas
(``load/schema.py``): the model is written once.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from aeportal.diagnostics import Loc

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"


@dataclass(frozen=True)
class Constraint:
    """Marker carried by ``Annotated`` types: a pattern and what to call a value of it."""

    kind: str
    pattern: str = ""
    minimum: float | None = None
    maximum: float | None = None


# Ranges wide enough for any real account and narrow enough that nothing derived from a
# value (a date plus a slip, a sum of quantities, a chart's width) can overflow.
MAX_COUNT = 1_000_000
MAX_AMOUNT = 1e15  # a thousand trillion: any contract, in any currency
MAX_SLA_DAYS = 365
MAX_IMPACT_DAYS = 3650
FIRST_YEAR = 1970
LAST_YEAR = 2200

Slug = Annotated[str, Constraint("slug", SLUG_PATTERN)]
PersonRef = Annotated[str, Constraint("person", SLUG_PATTERN)]
Email = Annotated[str, Constraint("email", EMAIL_PATTERN)]
Count = Annotated[int, Constraint("count", minimum=0, maximum=MAX_COUNT)]
Amount = Annotated[float, Constraint("amount", minimum=0, maximum=MAX_AMOUNT)]
Measure = Annotated[float, Constraint("measure", minimum=-MAX_AMOUNT, maximum=MAX_AMOUNT)]
Positive = Annotated[int, Constraint("positive", minimum=1, maximum=MAX_COUNT)]
SlaDays = Annotated[int, Constraint("days", minimum=0, maximum=MAX_SLA_DAYS)]
ImpactDays = Annotated[int, Constraint("days", minimum=-MAX_IMPACT_DAYS, maximum=MAX_IMPACT_DAYS)]
Sha256 = Annotated[str, Constraint("sha256", SHA256_PATTERN)]
Internal = Mapping[str, Any]
Visibility = Literal["client", "internal"]
Language = Literal["vi", "en"]

NOWHERE = Loc("", 0, 0)


def doc(text: str, default: Any = ..., **kw: Any) -> Any:
    """A model field with its documentation (used in JSON Schemas and docs)."""
    if default is ...:
        return field(metadata={"doc": text}, **kw)
    if isinstance(default, dict):
        return field(default_factory=dict, metadata={"doc": text}, **kw)
    return field(default=default, metadata={"doc": text}, **kw)


@dataclass(frozen=True, kw_only=True)
class Record:
    """Base of every record: where it was read from."""

    loc: Loc = field(default=NOWHERE, kw_only=True, compare=False, repr=False)
    locs: Mapping[str, Loc] = field(default_factory=dict, kw_only=True, compare=False, repr=False)

    def at(self, key: str, index: int | str | None = None) -> Loc:
        """Where the value of ``key`` (or its item or key ``index``) was written, else the
        record."""
        if index is not None and f"{key}[{index}]" in self.locs:
            return self.locs[f"{key}[{index}]"]
        return self.locs.get(key, self.loc)


# --- account.yml -------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Contact(Record):
    id: Slug = doc("Identifier used to refer to this person (owner, approver, attendee).")
    name: str = doc("Full name as the client writes it.")
    role: str = doc("Job title.", "")
    email: Email | None = doc("E-mail address.", None)
    phone: str | None = doc("Phone number.", None)
    approver: bool = doc("Whether this person may approve work (see `approval.approvers`).", False)


@dataclass(frozen=True, kw_only=True)
class Client(Record):
    company: str = doc("Legal or trading name of the client company.")
    website: str | None = doc("Client website.", None)
    contacts: tuple[Contact, ...] = doc("People on the client side.", ())


@dataclass(frozen=True, kw_only=True)
class TeamMember(Record):
    id: Slug = doc("Identifier used to refer to this person.")
    name: str = doc("Full name.")
    role: str = doc("Role on the account, e.g. Account Executive.", "")
    email: Email | None = doc("E-mail address.", None)


Renewal = Literal["not_started", "in_discussion", "proposal_sent", "renewed", "not_renewing"]
# How a contract ended: renewed on the same, a larger or a smaller value, ended without a
# renewal, or lost to a competitor (`lost_to:` names them).
Outcome = Literal["renewed", "expanded", "reduced", "ended", "lost"]
RENEWED_OUTCOMES = ("renewed", "expanded", "reduced")


@dataclass(frozen=True, kw_only=True)
class Contract(Record):
    id: str = doc("Contract reference.")
    start: dt.date = doc("First day of the contract (YYYY-MM-DD).")
    end: dt.date = doc("Last day of the contract (YYYY-MM-DD).")
    value: Amount | None = doc("Contract value in `currency`.", None)
    currency: str = doc("ISO 4217 currency code, e.g. VND or USD.", "USD")
    renewal: Renewal = doc("Where the renewal conversation stands.", "not_started")
    renews: str | None = doc(
        "The id of the earlier contract (in relationship.yml) this one renews.", None
    )
    outcome: Outcome | None = doc(
        "How it ended: renewed, expanded, reduced, ended or lost (empty while it runs).", None
    )
    lost_to: str | None = doc("The competitor it was lost to (with `outcome: lost`).", None)


@dataclass(frozen=True, kw_only=True)
class ApprovalPolicy(Record):
    approvers: tuple[PersonRef, ...] = doc("Client contacts whose approval counts.", ())
    sla_days: SlaDays = doc("Business days the client has agreed to answer an approval request.", 2)
    channel: str = doc("How approvals are given, in words.", "")


@dataclass(frozen=True, kw_only=True)
class Objective(Record):
    id: Slug = doc("Identifier used by briefs and reports.")
    text: str = doc("The objective in the client's words.")
    metric: str = doc("What is measured, e.g. reach.", "")
    target: Measure | None = doc("Target value of the metric.", None)
    unit: str = doc("Unit of the metric, e.g. % or people.", "")


@dataclass(frozen=True, kw_only=True)
class ScopeItem(Record):
    id: Slug = doc("Identifier used by briefs and change requests.")
    name: str = doc("What the contract calls this deliverable.")
    unit: str = doc("Unit of quantity, e.g. post or video.", "item")
    quantity: Count = doc("Quantity in the contract.")
    revision_rounds: Count = doc("Revision rounds included per deliverable.", 2)


@dataclass(frozen=True, kw_only=True)
class ClientInput(Record):
    item: str = doc("What the client must hand over.")
    owner: PersonRef = doc("Client contact responsible.")
    due: dt.date = doc("When the agency needs it.")
    received: dt.date | None = doc("When it arrived (empty while pending).", None)


SurveyType = Literal["csat", "nps", "ces"]
# The top of each survey's scale when `scale:` is not given.
DEFAULT_SCALES: Mapping[str, float] = {"csat": 5, "nps": 10, "ces": 7}


@dataclass(frozen=True, kw_only=True)
class Survey(Record):
    date: dt.date = doc("When the answer was given.")
    type: SurveyType = doc("csat (satisfaction), nps (0 to 10) or ces (effort, 1 to 7).")
    score: Amount = doc("The score given.")
    scale: Amount | None = doc(
        "Top of the scale (if not given: 5 for CSAT, 10 for NPS, 7 for CES).", None
    )
    by: PersonRef | None = doc("The respondent: the client contact who answered.", None)
    comment: str = doc("What they said.", "")

    @property
    def top(self) -> float:
        """The top of the answer's scale, as written or by default."""
        return self.scale or DEFAULT_SCALES[self.type]


@dataclass(frozen=True, kw_only=True)
class Account(Record):
    name: str = doc("Client name as shown on the portal.")
    language: Language = doc("Portal language: vi or en.", "en")
    client: Client = doc("The client company and its contacts.")
    team: tuple[TeamMember, ...] = doc("The agency people on this account.", ())
    contract: Contract = doc("The contract this scope comes from.")
    approval: ApprovalPolicy = doc("Who approves work and how fast.")
    objectives: tuple[Objective, ...] = doc("What the client wants to achieve.", ())
    scope: tuple[ScopeItem, ...] = doc("What the contract covers.", ())
    inputs: tuple[ClientInput, ...] = doc("What the client must hand over.", ())
    surveys: tuple[Survey, ...] = doc("CSAT, NPS and CES answers.", ())
    account_executive: PersonRef | None = doc(
        "The team member who is the account executive (the AE's KPIs count this account).",
        None,
    )
    account_lead: PersonRef | None = doc(
        "The team member who leads the account (the account lead's KPIs count it).", None
    )
    internal: Internal = doc("Agency-only fields, never shown to the client.", {})


# --- relationship.yml ----------------------------------------------------------

Channel = Literal["email", "phone", "meeting", "portal", "chat", "letter", "other"]
ComplaintSeverity = Literal["low", "medium", "high", "critical"]
ProposalStatus = Literal["proposed", "accepted", "declined"]


@dataclass(frozen=True, kw_only=True)
class PastContract(Record):
    id: str = doc("Contract reference, unique among the account's contracts.")
    start: dt.date = doc("First day of the contract (YYYY-MM-DD).")
    end: dt.date = doc("Last day of the contract (YYYY-MM-DD).")
    value: Amount = doc("Contract value in `currency`.")
    currency: str = doc("ISO 4217 currency code, e.g. VND or USD.", "USD")
    renews: str | None = doc("The id of the earlier contract this one renews.", None)
    outcome: Outcome = doc("How it ended: renewed, expanded, reduced, ended or lost.")
    lost_to: str | None = doc("The competitor it was lost to (with `outcome: lost`).", None)
    internal: Internal = doc("Agency-only fields.", {})


@dataclass(frozen=True, kw_only=True)
class Complaint(Record):
    id: Slug = doc("Identifier, unique among complaints and escalations.")
    kind: Literal["complaint", "escalation"] = doc(
        "complaint, or escalation (raised above the day-to-day contacts).", "complaint"
    )
    date: dt.date = doc("When the client raised it.")
    by: PersonRef = doc("The client contact who raised it.")
    channel: Channel = doc("email, phone, meeting, portal, chat, letter or other.")
    severity: ComplaintSeverity = doc("low, medium, high or critical.", "medium")
    about: str = doc("What it is about, in a line.")
    owner: PersonRef | None = doc("The team member who answers for it.", None)
    resolved_on: dt.date | None = doc("When it was resolved (empty while open).", None)
    resolution: str = doc("How it was resolved.", "")
    internal: Internal = doc("Agency-only fields.", {})


@dataclass(frozen=True, kw_only=True)
class Referral(Record):
    date: dt.date = doc("When the client referred someone.")
    by: PersonRef = doc("The client contact who referred.")
    referred: str = doc("Who was referred: a company or a person.")
    note: str = doc("What came of it.", "")


@dataclass(frozen=True, kw_only=True)
class Expansion(Record):
    date: dt.date = doc("When the client widened the work.")
    contract: str = doc("The contract it widened (its id).")
    value: Amount = doc("What it adds, in `currency`.")
    currency: str = doc("ISO 4217 code: the contract's.", "USD")
    what: str = doc("What was added, in a line (not a change request: those count already).")


@dataclass(frozen=True, kw_only=True)
class Proposal(Record):
    id: Slug = doc("Identifier, unique among proposals.")
    date: dt.date = doc("When the agency made the proposal.")
    title: str = doc("What was proposed.")
    by: PersonRef | None = doc("The team member who proposed it.", None)
    value: Amount = doc("What it is worth, in `currency`.")
    currency: str = doc("ISO 4217 code, e.g. VND or USD.", "USD")
    sent: bool = doc("Whether it was sent to the client (an idea not sent is `false`).", True)
    status: ProposalStatus = doc("proposed, accepted or declined.", "proposed")
    decided_on: dt.date | None = doc("When the client accepted or declined it.", None)
    change: Slug | None = doc("The change request it became (when accepted).", None)
    contract: str | None = doc("The contract it became (when accepted).", None)
    visibility: Visibility = doc("internal (the default) or client.", "internal")
    internal: Internal = doc("Agency-only fields.", {})


@dataclass(frozen=True, kw_only=True)
class Relationship(Record):
    """The history of the relationship: internal unless an entry says otherwise."""

    contracts: tuple[PastContract, ...] = doc(
        "Earlier contracts, before the one in account.yml.", ()
    )
    complaints: tuple[Complaint, ...] = doc("Complaints and escalations.", ())
    referrals: tuple[Referral, ...] = doc("Clients or people this client referred.", ())
    expansions: tuple[Expansion, ...] = doc("Work added outside renewals and change requests.", ())
    proposals: tuple[Proposal, ...] = doc("Improvement proposals made to the client.", ())


# --- timeline.yml ------------------------------------------------------------

Phase = Literal["kickoff", "discovery", "execution", "review", "handover"]


@dataclass(frozen=True, kw_only=True)
class MilestoneApproval(Record):
    by: PersonRef = doc("Client approver asked.")
    sent: dt.date | None = doc("When it was sent for approval.", None)
    approved: dt.date | None = doc("When it was approved.", None)


@dataclass(frozen=True, kw_only=True)
class Milestone(Record):
    id: Slug = doc("Identifier, unique in the timeline.")
    title: str = doc("What is reached.")
    phase: Phase = doc("kickoff, discovery, execution, review or handover.", "execution")
    owner: PersonRef = doc("Who answers for it (team member or client contact).")
    start: dt.date | None = doc("When work starts.", None)
    due: dt.date = doc("When it is due.")
    done: dt.date | None = doc("When it was done (empty while open).", None)
    depends_on: tuple[Slug, ...] = doc("Milestones that must be done first.", ())
    deliverables: tuple[Slug, ...] = doc("Briefs delivered by this milestone.", ())
    approval: MilestoneApproval | None = doc("Client approval of this milestone.", None)
    visibility: Visibility = doc("client or internal.", "client")
    internal: Internal = doc("Agency-only fields.", {})


@dataclass(frozen=True, kw_only=True)
class Risk(Record):
    id: Slug = doc("Identifier, unique in the timeline.")
    title: str = doc("What could go wrong.")
    impact: Literal["low", "medium", "high"] = doc("low, medium or high.", "medium")
    owner: PersonRef = doc("Who watches it.")
    mitigation: str = doc("What is being done about it.", "")
    status: Literal["open", "mitigated", "closed", "escalated"] = doc(
        "open, mitigated, closed or escalated.", "open"
    )
    raised: dt.date | None = doc("When it was raised.", None)
    visibility: Visibility = doc("client or internal.", "client")
    internal: Internal = doc("Agency-only fields.", {})


@dataclass(frozen=True, kw_only=True)
class Timeline(Record):
    milestones: tuple[Milestone, ...] = doc("The milestones, in any order.", ())
    risks: tuple[Risk, ...] = doc("Declared risks.", ())


# --- Markdown documents ------------------------------------------------------

BriefStatus = Literal["draft", "in_review", "approved", "in_production", "delivered", "cancelled"]


@dataclass(frozen=True, kw_only=True)
class Revision(Record):
    round: Positive = doc("Revision round number, from 1.")
    date: dt.date = doc("When the revision was asked for.")
    summary: str = doc("What changed.", "")


# --- versions of a deliverable (proofs) ---------------------------------------

DecisionStatus = Literal["approved", "approved_with_changes", "changes_required"]
ASSETS = "assets"  # the folder of an account that holds its files
# Largest file a version may name: GitHub refuses a larger file in a push, unless Git LFS
# stores it, whose own limit (on GitHub's plans) is 2 GiB.
MAX_ASSET_BYTES = 100 * 1024 * 1024
MAX_LFS_BYTES = 2 * 1024 * 1024 * 1024


@dataclass(frozen=True, kw_only=True)
class ProofLink(Record):
    title: str = doc("What the link leads to, e.g. Figma prototype.")
    url: str = doc("Where the work is (https://…): shown as a link, never embedded.")


@dataclass(frozen=True, kw_only=True)
class Feedback(Record):
    by: PersonRef = doc("The client contact who gave it.")
    text: str = doc("What they asked for, in their words.")
    where: str = doc("Where in the work: a page, a time code or a region, in words.", "")
    done_in: Positive | None = doc("The version that did it.", None)
    declined: str | None = doc("Why it was not done; neither this nor `done_in`: open.", None)


@dataclass(frozen=True, kw_only=True)
class Decision(Record):
    status: DecisionStatus = doc("approved, approved_with_changes or changes_required.")
    by: PersonRef = doc("The client approver who decided (in `approval.approvers`).")
    on: dt.date = doc("When the client decided.")
    files: Mapping[str, Sha256] = doc(
        "SHA-256 of each file the decision covered, by its path under the account folder.", {}
    )


@dataclass(frozen=True)
class VersionFile:
    """A file under an account's assets/, as the loader found it (not written by users).

    For a Git LFS pointer whose content is not fetched, ``size`` and ``sha256`` are the
    ones the pointer names: those of the real file.
    """

    path: str  # relative to the account folder, with `/`: `assets/kv/round-1.png`
    size: int
    sha256: str
    lfs_pointer: bool = False  # the content is a Git LFS pointer: `git lfs pull` fetches it
    lfs_tracked: bool = False  # git stores it through LFS (`filter=lfs`): its size limit applies


@dataclass(frozen=True, kw_only=True)
class Version(Record):
    version: Positive = doc("Version number: 1, 2, 3 … oldest first, without gaps.")
    date: dt.date = doc("When this version was made or sent.")
    changes: str = doc("What changed since the previous version, on one line.", "")
    files: tuple[str, ...] = doc(
        "The files of this version, relative to the account folder, under assets/.", ()
    )
    links: tuple[ProofLink, ...] = doc("External work (Figma, a drive, a video host).", ())
    visibility: Visibility = doc("client, or internal for a round the client never sees.", "client")
    decision: Decision | None = doc("The client's decision on this version.", None)
    feedback: tuple[Feedback, ...] = doc("The client's feedback points on this version.", ())


def asset_key(written: str) -> str | None:
    """The key in ``AccountBundle.files`` of a path as a version names it, if it is one.

    A path is written relative to the account folder (`assets/kv/round-1.png`); ``./``
    and repeated slashes are tolerated, a path that leaves assets/ is not an asset.
    """
    if not written or written.startswith("/") or "\\" in written:
        return None
    norm = posixpath.normpath(written)
    return norm if norm.startswith(ASSETS + "/") else None


def named_files(docs: Iterable[Brief | ChangeRequest]) -> set[str]:
    """The keys (see ``asset_key``) of the files the versions of ``docs`` name."""
    return {
        key
        for doc in docs
        for version in doc.versions
        for key in map(asset_key, version.files)
        if key is not None
    }


@dataclass(frozen=True, kw_only=True)
class Document(Record):
    """Common to every Markdown document; ``id`` is the file name without `.md`."""

    id: str = field(default="", kw_only=True, metadata={"derived": True})
    path: str = field(default="", kw_only=True, metadata={"derived": True})
    body: str = field(default="", kw_only=True, metadata={"derived": True}, repr=False)
    body_line: int = field(default=1, kw_only=True, metadata={"derived": True}, repr=False)


@dataclass(frozen=True, kw_only=True)
class Brief(Document):
    title: str = doc("Name of the deliverable.")
    scope: Slug | None = doc("Scope item this brief consumes.", None)
    quantity: Count = doc("How many units of the scope item it consumes.", 1)
    change: Slug | None = doc(
        "Change request that covers this brief, if outside the contract.", None
    )
    status: BriefStatus = doc(
        "draft, in_review, approved, in_production, delivered or cancelled.", "draft"
    )
    owner: PersonRef = doc("Who answers for it.")
    due: dt.date | None = doc("When it is due.", None)
    delivered_on: dt.date | None = doc("When it was delivered.", None)
    objectives: tuple[Slug, ...] = doc("Objectives it serves.", ())
    revisions: tuple[Revision, ...] = doc("Revision rounds so far.", ())
    approved_by: PersonRef | None = doc("Client approver.", None)
    approved_on: dt.date | None = doc("Approval date.", None)
    versions: tuple[Version, ...] = doc("Versions of the deliverable, oldest first.", ())
    visibility: Visibility = doc("client or internal.", "client")
    internal: Internal = doc("Agency-only fields.", {})


@dataclass(frozen=True, kw_only=True)
class ScopeAddition(Record):
    scope: Slug = doc("Scope item the change adds to.")
    quantity: Positive = doc("How many units it adds.")


ChangeStatus = Literal["proposed", "approved", "rejected", "withdrawn"]


@dataclass(frozen=True, kw_only=True)
class ChangeRequest(Document):
    title: str = doc("What is asked for.")
    requested_by: PersonRef = doc("Who asked.")
    requested_on: dt.date = doc("When it was asked.")
    adds: tuple[ScopeAddition, ...] = doc("Scope it adds when approved.", ())
    cost: Amount = doc("Price of the change.", 0.0)
    currency: str | None = doc("The cost's currency: the contract's (SCOPE007), or empty.", None)
    timeline_impact_days: ImpactDays = doc("Days the change moves the timeline.", 0)
    status: ChangeStatus = doc("proposed, approved, rejected or withdrawn.", "proposed")
    decided_by: PersonRef | None = doc("Client approver who decided.", None)
    decided_on: dt.date | None = doc("When it was decided.", None)
    versions: tuple[Version, ...] = doc("Versions of what the change delivers, oldest first.", ())
    visibility: Visibility = doc("client or internal.", "client")
    internal: Internal = doc("Agency-only fields.", {})


@dataclass(frozen=True, kw_only=True)
class OpenQuestion(Record):
    question: str = doc("The question.")
    owner: PersonRef | None = doc("Who answers it.", None)
    due: dt.date | None = doc("By when.", None)
    answered: dt.date | None = doc("When it was answered.", None)


@dataclass(frozen=True, kw_only=True)
class Action(Record):
    task: str = doc("What is to be done.")
    owner: PersonRef | None = doc("Who does it (required).", None)
    due: dt.date | None = doc("By when (required).", None)
    done: dt.date | None = doc("When it was done.", None)


@dataclass(frozen=True, kw_only=True)
class MeetingApproval(Record):
    document: Slug = doc("Brief or change request approved in the meeting.")
    by: PersonRef = doc("Client approver.")


@dataclass(frozen=True, kw_only=True)
class Meeting(Document):
    title: str = doc("What the meeting was.")
    date: dt.date = doc("When it took place.")
    attendees: tuple[PersonRef, ...] = doc("Who attended.", ())
    decisions: tuple[str, ...] = doc("What was decided.", ())
    open_questions: tuple[OpenQuestion, ...] = doc("Questions still open.", ())
    actions: tuple[Action, ...] = doc("Action items with owners and due dates.", ())
    approvals: tuple[MeetingApproval, ...] = doc("Approvals given in the meeting.", ())
    visibility: Visibility = doc("client or internal.", "client")
    internal: Internal = doc("Agency-only fields.", {})


@dataclass(frozen=True, kw_only=True)
class Result(Record):
    objective: Slug = doc("Objective measured.")
    actual: Measure = doc("Value reached.")
    target: Measure | None = doc("Target (the objective's if empty).", None)
    note: str = doc("Comment on the result.", "")


@dataclass(frozen=True, kw_only=True)
class Report(Document):
    title: str = doc("Name of the report.")
    date: dt.date = doc("Date of the report.")
    period_start: dt.date | None = doc("First day covered.", None)
    period_end: dt.date | None = doc("Last day covered.", None)
    results: tuple[Result, ...] = doc("Results against objectives.", ())
    visibility: Visibility = doc("client or internal.", "client")
    internal: Internal = doc("Agency-only fields.", {})


@dataclass(frozen=True, kw_only=True)
class Note(Document):
    title: str = doc("Title of the note.")
    date: dt.date | None = doc("Date of the note.", None)
    author: PersonRef | None = doc("Team member who wrote it.", None)
    visibility: Literal["internal"] = doc("Always internal.", "internal")
    internal: Internal = doc("Agency-only fields.", {})


# --- one account, whole ------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class AccountBundle:
    """Everything read for one client folder."""

    slug: str
    root: str
    account: Account | None
    timeline: Timeline | None = None
    relationship: Relationship | None = None
    briefs: tuple[Brief, ...] = ()
    changes: tuple[ChangeRequest, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    reports: tuple[Report, ...] = ()
    notes: tuple[Note, ...] = ()
    digest: str = ""  # hash of every file of the folder, for incremental builds
    # Every file under the folder's assets/, hashed once when loaded, keyed by its path
    # relative to the account folder (`assets/kv/round-1.png`): no later stage reads one.
    files: Mapping[str, VersionFile] = field(default_factory=dict)

    def people(self) -> dict[str, Contact | TeamMember]:
        """Every person id on the account, client contacts and agency team."""
        if self.account is None:
            return {}
        found: dict[str, Contact | TeamMember] = {c.id: c for c in self.account.client.contacts}
        found.update({m.id: m for m in self.account.team})
        return found

    def contracts(self) -> tuple[Contract | PastContract, ...]:
        """Every contract of the account, earlier ones and the current, oldest first."""
        if self.account is None:
            return ()
        past = self.relationship.contracts if self.relationship else ()
        return (*sorted(past, key=lambda c: (c.start, c.end)), self.account.contract)

    def version_files(self, version: Version) -> tuple[VersionFile, ...]:
        """The files a version names that exist under assets/, in the order written."""
        found = []
        for written in version.files:
            key = asset_key(written)
            if key is not None and key in self.files:
                found.append(self.files[key])
        return tuple(found)


@dataclass(frozen=True, kw_only=True)
class Portfolio:
    """All accounts of a repository."""

    root: str
    accounts: tuple[AccountBundle, ...] = ()

    def get(self, slug: str) -> AccountBundle | None:
        return next((a for a in self.accounts if a.slug == slug), None)


# Folder of each Markdown kind inside an account, with the record it holds.
DOCUMENT_KINDS: dict[str, type[Document]] = {
    "briefs": Brief,
    "changes": ChangeRequest,
    "meetings": Meeting,
    "reports": Report,
    "internal": Note,
}
