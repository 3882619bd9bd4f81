"""Words and formats for each portal language (Vietnamese and English)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from aeportal.derive.status import Reason

LOCALES = {"en": "en_US", "vi": "vi_VN"}

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "overview": "Overview",
        "timeline": "Timeline",
        "briefs": "Briefs",
        "changes": "Change requests",
        "meetings": "Meetings",
        "scope": "Scope",
        "reports": "Reports",
        "notes": "Internal notes",
        "kpis": "KPIs",
        "status_update": "Status update",
        "as_of": "as of",
        "health": "Health",
        "health_green": "On track",
        "health_amber": "At risk",
        "health_red": "Off track",
        "done": "Done",
        "done_recently": "Done in the last 14 days",
        "in_progress": "In progress",
        "risks": "Risks and options",
        "next_steps": "Next steps",
        "needed": "What we need from you",
        "nothing": "Nothing at the moment.",
        "mitigation": "Mitigation",
        "owner": "Owner",
        "due": "Due",
        "start": "Start",
        "projected": "Projected",
        "status": "Status",
        "phase": "Phase",
        "milestone": "Milestone",
        "title": "Title",
        "date": "Date",
        "scope_item": "Scope item",
        "quantity": "Quantity",
        "approval": "Approval",
        "approved_by": "Approved by",
        "approved_on": "approved",
        "cost": "Cost",
        "time_impact": "Timeline impact",
        "days": "days",
        "decision": "Decision",
        "requested_by": "Requested by",
        "decided_by": "Decided by",
        "adds": "Adds to scope",
        "attendees": "Attendees",
        "decisions": "Decisions",
        "open_questions": "Open questions",
        "actions": "Action items",
        "question": "Question",
        "task": "Task",
        "contracted": "Contracted",
        "added": "Added by change requests",
        "used": "Used",
        "remaining": "Remaining",
        "overrun": "Over scope",
        "pending": "Waiting on a proposed change",
        "revision_rounds": "Revision rounds",
        "revisions": "Revisions",
        "objective": "Objective",
        "target": "Target",
        "actual": "Actual",
        "result": "Result",
        "contacts": "Your contacts",
        "team": "Your agency team",
        "contract": "Contract",
        "client": "Client",
        "field": "Item",
        "value": "Detail",
        "contract_end": "Contract ends",
        "objectives": "Objectives",
        "deliverables": "Deliverables",
        "waiting_client": "waiting for your approval",
        "late_by": "late by {days} days",
        "on_time": "on time",
        "calendar": "Calendar",
        "calendar_hint": "subscribe to it in your calendar app to follow the milestones",
        "mail_subject": "{name} — status update, {date}",
        "mail_details": "The details, documents and timeline are on {portal}.",
        "your_portal": "your portal",
        "on_time_rate": "On-time delivery",
        "mean_revisions": "Revision rounds per deliverable",
        "approval_turnaround": "Approval turnaround",
        "approved_changes": "Approved changes",
        "open_risks": "Open risks",
        "escalations": "Escalations",
        "csat": "CSAT",
        "nps": "NPS",
        "renewal": "Renewal",
        "trend": "trend",
        "business_days": "business days",
        "within_sla": "within SLA",
        "no_data": "no data yet",
        "internal": "Internal",
        "kind_action": "Action",
        "kind_input": "Input",
        "kind_approval": "Approval",
        "kind_question": "Question",
        "kind_milestone": "Milestone",
        "kind_brief": "Brief",
        "late": "late",
        "since": "asked",
        "content": "Content",
        "period": "Period",
        "author": "Author",
        "gantt_today": "Today",
        "s_done": "done",
        "s_overdue": "overdue",
        "s_due_soon": "due soon",
        "s_in_progress": "in progress",
        "s_planned": "planned",
        "s_draft": "draft",
        "s_in_review": "in review",
        "s_approved": "approved",
        "s_in_production": "in production",
        "s_delivered": "delivered",
        "s_cancelled": "cancelled",
        "s_proposed": "proposed",
        "s_rejected": "rejected",
        "s_withdrawn": "withdrawn",
        "s_open": "open",
        "s_mitigated": "mitigated",
        "s_closed": "closed",
        "s_escalated": "escalated",
        "p_kickoff": "kickoff",
        "p_discovery": "discovery",
        "p_execution": "execution",
        "p_review": "review",
        "p_handover": "handover",
        "i_low": "low",
        "i_medium": "medium",
        "i_high": "high",
        "r_not_started": "not started",
        "r_in_discussion": "in discussion",
        "r_proposal_sent": "proposal sent",
        "r_renewed": "renewed",
        "r_not_renewing": "not renewing",
        "impact": "Impact",
        "reason_milestone_overdue": "“{title}” is {days} days overdue (due {due})",
        "reason_approval_past_sla": "approval of “{title}” has waited {days} business days "
        "(agreed: {sla})",
        "reason_input_late": "“{item}” from the client is {days} days late",
        "reason_risk_escalated": "escalated risk: {title}",
        "reason_risk_high": "high-impact risk open: {title}",
        "reason_scope_overrun": "{name}: {over} over the contracted scope",
        "reason_scope_nearly_used": "{name}: {used} of {contracted} used",
        "reason_contract_ending": "contract ends in {days} days ({end}); renewal: {renewal}",
        "reason_csat_low": "CSAT is low: {score}/{scale}",
        "reason_csat_falling": "CSAT is falling: {score} ({trend})",
        "reason_on_track": "milestones on schedule, nothing waiting too long",
        "history": "History and approvals",
        "history_unavailable": "History is not available for this portal.",
        "commit": "Change",
        "pull_request": "Pull request",
        "trailers": "Trailers",
        "approved_through": "{status} by {by} on {date}",
        "via_pr": "through {pr}",
        "via_trailer": "recorded with Approved-by: {names}",
        "content_hash": "content {hash}",
        "stale_badge": "Changed since {status} on {date}",
        "approve": "Approve",
        "request_changes": "Request changes",
        "approve_hint": "Reply by e-mail to your account executive; the message names this "
        "document and its content ({hash}), so the approval is recorded for exactly this version.",
        "changed_since": "Changed since the last update ({date})",
        "approvals_waiting": "Waiting for approval",
        "approve_hint_version": "Reply by e-mail to your account executive; the message names "
        "version {version}, the SHA-256 of each of its files and this document's content ({hash}), "
        "so your decision is recorded for exactly those files.",
        "s_approved_with_changes": "approved with changes",
        "s_changes_required": "changes required",
        "versions": "Versions",
        "version_n": "Version {n}",
        "latest": "latest",
        "superseded": "superseded",
        "earlier_versions": "Earlier versions",
        "compare": "Version {old} and version {new} side by side",
        "preview_of": "Preview of {name}, version {version}",
        "what_changed": "What changed",
        "changed_after_decision": "Changed after the decision: these files differ from the "
        "ones decided on",
        "internal_round": "internal review",
        "no_decision_yet": "waiting for your decision",
        "file_not_published": "not available",
        "external_link": "external link",
        "download_only": "download only",
        # A published image is re-encoded without its metadata (camera, place, edits): its
        # bytes differ from the file the hash, the size and every decision name.
        "copy_without_metadata": "a copy without metadata; size and SHA-256 are the original's",
        "feedback": "Feedback",
        "feedback_by": "From",
        "feedback_where": "Where",
        "feedback_outcome": "Outcome",
        "done_in": "done in version {version}",
        "declined": "declined: {reason}",
        "feedback_open": "open",
        # The search box (assets/search.js); "#" stands for the number of results.
        "search": "Search",
        "search_placeholder": "Search this portal",
        "search_close": "Close",
        "search_results": "Results",
        "search_none": "No matching pages",
        "search_one": "1 matching page",
        "search_many": "# matching pages",
        "search_unavailable": "Search needs the portal opened through its web server",
    },
    "vi": {
        "overview": "Tổng quan",
        "timeline": "Tiến độ",
        "briefs": "Brief",
        "changes": "Yêu cầu thay đổi",
        "meetings": "Cuộc họp",
        "scope": "Phạm vi",
        "reports": "Báo cáo",
        "notes": "Ghi chú nội bộ",
        "kpis": "KPI",
        "status_update": "Cập nhật tình hình",
        "as_of": "ngày",
        "health": "Tình trạng",
        "health_green": "Đúng tiến độ",
        "health_amber": "Có rủi ro",
        "health_red": "Chậm tiến độ",
        "done": "Đã xong",
        "done_recently": "Đã hoàn thành trong 14 ngày qua",
        "in_progress": "Đang thực hiện",
        "risks": "Rủi ro và phương án",
        "next_steps": "Bước tiếp theo",
        "needed": "Chúng tôi cần anh/chị",
        "nothing": "Hiện chưa có.",
        "mitigation": "Phương án",
        "owner": "Phụ trách",
        "due": "Hạn",
        "start": "Bắt đầu",
        "projected": "Dự kiến",
        "status": "Trạng thái",
        "phase": "Giai đoạn",
        "milestone": "Mốc",
        "title": "Tiêu đề",
        "date": "Ngày",
        "scope_item": "Hạng mục",
        "quantity": "Số lượng",
        "approval": "Phê duyệt",
        "approved_by": "Người duyệt",
        "approved_on": "đã duyệt",
        "cost": "Chi phí",
        "time_impact": "Ảnh hưởng tiến độ",
        "days": "ngày",
        "decision": "Quyết định",
        "requested_by": "Người yêu cầu",
        "decided_by": "Người quyết định",
        "adds": "Bổ sung phạm vi",
        "attendees": "Thành phần tham dự",
        "decisions": "Quyết định",
        "open_questions": "Câu hỏi còn mở",
        "actions": "Việc cần làm",
        "question": "Câu hỏi",
        "task": "Công việc",
        "contracted": "Theo hợp đồng",
        "added": "Bổ sung qua yêu cầu thay đổi",
        "used": "Đã dùng",
        "remaining": "Còn lại",
        "overrun": "Vượt phạm vi",
        "pending": "Chờ yêu cầu thay đổi được duyệt",
        "revision_rounds": "Số vòng chỉnh sửa",
        "revisions": "Chỉnh sửa",
        "objective": "Mục tiêu",
        "target": "Chỉ tiêu",
        "actual": "Thực tế",
        "result": "Kết quả",
        "contacts": "Đầu mối phía anh/chị",
        "team": "Đội ngũ agency",
        "contract": "Hợp đồng",
        "client": "Khách hàng",
        "field": "Mục",
        "value": "Chi tiết",
        "contract_end": "Hợp đồng kết thúc",
        "objectives": "Mục tiêu",
        "deliverables": "Sản phẩm bàn giao",
        "waiting_client": "đang chờ anh/chị duyệt",
        "late_by": "trễ {days} ngày",
        "on_time": "đúng hạn",
        "calendar": "Lịch",
        "calendar_hint": "thêm vào ứng dụng lịch để theo dõi các mốc",
        "mail_subject": "{name} — cập nhật tình hình, {date}",
        "mail_details": "Chi tiết, tài liệu và tiến độ có trên {portal}.",
        "your_portal": "cổng thông tin dự án của anh/chị",
        "on_time_rate": "Tỷ lệ đúng hạn",
        "mean_revisions": "Số vòng chỉnh sửa mỗi sản phẩm",
        "approval_turnaround": "Thời gian phê duyệt",
        "approved_changes": "Thay đổi đã duyệt",
        "open_risks": "Rủi ro đang mở",
        "escalations": "Vấn đề đã báo cấp trên",
        "csat": "CSAT",
        "nps": "NPS",
        "renewal": "Gia hạn",
        "trend": "xu hướng",
        "business_days": "ngày làm việc",
        "within_sla": "trong hạn cam kết",
        "no_data": "chưa có số liệu",
        "internal": "Nội bộ",
        "kind_action": "Việc cần làm",
        "kind_input": "Tài liệu",
        "kind_approval": "Phê duyệt",
        "kind_question": "Câu hỏi",
        "kind_milestone": "Mốc",
        "kind_brief": "Brief",
        "late": "trễ hạn",
        "since": "gửi ngày",
        "content": "Nội dung",
        "period": "Giai đoạn",
        "author": "Người viết",
        "gantt_today": "Hôm nay",
        "s_done": "đã xong",
        "s_overdue": "quá hạn",
        "s_due_soon": "sắp đến hạn",
        "s_in_progress": "đang làm",
        "s_planned": "kế hoạch",
        "s_draft": "nháp",
        "s_in_review": "chờ duyệt",
        "s_approved": "đã duyệt",
        "s_in_production": "đang sản xuất",
        "s_delivered": "đã bàn giao",
        "s_cancelled": "đã hủy",
        "s_proposed": "đề xuất",
        "s_rejected": "từ chối",
        "s_withdrawn": "đã rút",
        "s_open": "đang mở",
        "s_mitigated": "đã giảm thiểu",
        "s_closed": "đã đóng",
        "s_escalated": "đã báo cấp trên",
        "p_kickoff": "khởi động",
        "p_discovery": "khảo sát",
        "p_execution": "triển khai",
        "p_review": "nghiệm thu",
        "p_handover": "bàn giao",
        "i_low": "thấp",
        "i_medium": "trung bình",
        "i_high": "cao",
        "r_not_started": "chưa bắt đầu",
        "r_in_discussion": "đang trao đổi",
        "r_proposal_sent": "đã gửi đề xuất",
        "r_renewed": "đã gia hạn",
        "r_not_renewing": "không gia hạn",
        "impact": "Mức ảnh hưởng",
        "reason_milestone_overdue": "“{title}” quá hạn {days} ngày (hạn {due})",
        "reason_approval_past_sla": "phê duyệt “{title}” đã chờ {days} ngày làm việc "
        "(cam kết: {sla})",
        "reason_input_late": "“{item}” từ phía khách hàng trễ {days} ngày",
        "reason_risk_escalated": "rủi ro đã báo cấp trên: {title}",
        "reason_risk_high": "rủi ro mức cao đang mở: {title}",
        "reason_scope_overrun": "{name}: vượt phạm vi hợp đồng {over}",
        "reason_scope_nearly_used": "{name}: đã dùng {used}/{contracted}",
        "reason_contract_ending": "hợp đồng kết thúc sau {days} ngày ({end}); gia hạn: {renewal}",
        "reason_csat_low": "CSAT thấp: {score}/{scale}",
        "reason_csat_falling": "CSAT giảm: {score} ({trend})",
        "reason_on_track": "các mốc đúng tiến độ, không có việc chờ quá lâu",
        "history": "Lịch sử và phê duyệt",
        "history_unavailable": "Chưa có lịch sử cho cổng thông tin này.",
        "commit": "Thay đổi",
        "pull_request": "Pull request",
        "trailers": "Ghi chú phê duyệt",
        "approved_through": "{by} {status} ngày {date}",
        "via_pr": "qua {pr}",
        "via_trailer": "ghi nhận bằng Approved-by: {names}",
        "content_hash": "nội dung {hash}",
        "stale_badge": "Đã thay đổi sau khi {status} ngày {date}",
        "approve": "Duyệt",
        "request_changes": "Yêu cầu chỉnh sửa",
        "approve_hint": "Trả lời qua e-mail cho AE phụ trách; thư ghi rõ tài liệu này và phiên "
        "bản nội dung ({hash}), nên phê duyệt được ghi nhận đúng cho phiên bản này.",
        "changed_since": "Thay đổi kể từ lần cập nhật trước ({date})",
        "approvals_waiting": "Đang chờ phê duyệt",
        "approve_hint_version": "Trả lời qua e-mail cho AE phụ trách; thư ghi rõ phiên bản "
        "{version}, mã SHA-256 của từng tệp và phiên bản nội dung ({hash}), nên quyết định được "
        "ghi nhận đúng cho các tệp này.",
        "s_approved_with_changes": "duyệt kèm chỉnh sửa",
        "s_changes_required": "cần chỉnh sửa",
        "versions": "Các phiên bản",
        "version_n": "Phiên bản {n}",
        "latest": "mới nhất",
        "superseded": "đã thay thế",
        "earlier_versions": "Các phiên bản trước",
        "compare": "So sánh phiên bản {old} và phiên bản {new}",
        "preview_of": "Xem trước {name}, phiên bản {version}",
        "what_changed": "Thay đổi",
        "changed_after_decision": "Đã thay đổi sau quyết định: các tệp này khác với tệp đã "
        "được quyết định",
        "internal_round": "duyệt nội bộ",
        "no_decision_yet": "đang chờ quyết định của quý khách",
        "file_not_published": "chưa có",
        "external_link": "liên kết ngoài",
        "download_only": "chỉ tải xuống",
        "copy_without_metadata": "bản sao đã bỏ siêu dữ liệu; dung lượng và SHA-256 là của tệp gốc",
        "feedback": "Góp ý",
        "feedback_by": "Người góp ý",
        "feedback_where": "Vị trí",
        "feedback_outcome": "Kết quả",
        "done_in": "đã làm ở phiên bản {version}",
        "declined": "không thực hiện: {reason}",
        "feedback_open": "đang mở",
        "search": "Tìm kiếm",
        "search_placeholder": "Tìm trong cổng thông tin",
        "search_close": "Đóng",
        "search_results": "Kết quả",
        "search_none": "Không tìm thấy trang nào",
        "search_one": "1 trang phù hợp",
        "search_many": "# trang phù hợp",
        "search_unavailable": "Cần mở cổng thông tin qua máy chủ web để tìm kiếm",
    },
}


@functools.lru_cache(maxsize=4096)
def _medium_date(day: dt.date, locale: str) -> str:
    # Babel's formatting is slow and a portfolio repeats the same dates on many pages.
    return str(format_date(day, "medium", locale=locale))


@dataclass(frozen=True)
class Words:
    """Labels and locale formats for one language."""

    lang: str

    @property
    def locale(self) -> str:
        return LOCALES[self.lang]

    def __call__(self, key: str, **params: Any) -> str:
        text = LABELS[self.lang].get(key) or LABELS["en"][key]
        return text.format(**params) if params else text

    def date(self, day: dt.date | None) -> str:
        return _medium_date(day, self.locale) if day else "—"

    def short_date(self, day: dt.date | None) -> str:
        return format_date(day, "short", locale=self.locale) if day else "—"

    def number(self, value: float | None, digits: int = 1) -> str:
        if value is None:
            return "—"
        pattern = "#,##0" if digits == 0 or float(value).is_integer() else "#,##0." + "#" * digits
        return format_decimal(value, format=pattern, locale=self.locale)

    def percent(self, value: float | None) -> str:
        return format_percent(value, locale=self.locale) if value is not None else "—"

    def money(self, value: float | None, currency: str) -> str:
        if value is None:
            return "—"
        return format_currency(value, currency, locale=self.locale)

    def signed(self, value: float | None) -> str:
        if value is None:
            return ""
        return ("+" if value > 0 else "") + self.number(value)

    def state(self, value: str) -> str:
        return self("s_" + value)

    def reason(self, reason: Reason) -> str:
        params: Mapping[str, Any] = reason.params
        shown = {
            k: self.date(v)
            if isinstance(v, dt.date)
            else self(f"r_{v}")
            if k == "renewal"
            else self.number(v)
            if isinstance(v, (int, float)) and not isinstance(v, bool)
            else v
            for k, v in params.items()
        }
        if reason.code == "csat_falling":
            shown["trend"] = self.signed(params["trend"])
        return self("reason_" + reason.code, **shown)


def words(lang: str) -> Words:
    return Words(lang if lang in LABELS else "en")
