"""The bodies of documents: brief sections, change, meeting and report text."""

from __future__ import annotations

import random
from collections.abc import Sequence

from .records import Account, Brief, Change, Meeting, Report
from .text import cap, counted, day_month, days, money, month_word, number
from .words_scope import SCOPE


def brief_sections(acct: Account, b: Brief) -> list[tuple[str, list[str]]]:
    """The sections of a brief's body, each with a few texts (edits switch between them)."""
    rng = random.Random(b.template)
    cx = {**acct.cx, "approver": acct.people[acct.approvers[0]].ref(acct.lang)}
    vi = acct.lang == "vi"
    end = f"{day_month(acct.end, acct.lang)}{'/' if vi else ', '}{acct.end.year}"
    if b.scope is None:
        if vi:
            return [
                ("Bối cảnh", [f"Hợp đồng với {acct.name} kết thúc ngày {end}. Tài liệu nội bộ."]),
                ("Mục tiêu", ["Tổng hợp kết quả chiến dịch và đề xuất phạm vi cho năm tới.",
                              "Chuẩn bị bộ tài liệu trình bày với ban giám đốc khách hàng."]),
                ("Nội dung", ["- Kết quả so với mục tiêu\n- Bài học rút ra\n- Đề xuất ngân sách"]),
            ]  # fmt: skip
        return [
            ("Background", [f"The {acct.name} contract ends on {end}. Internal only."]),
            ("Objective", ["Sum up the results and propose next year's scope.",
                           "A deck for the client's leadership review."]),
            ("Contents", ["- Results against objectives\n- Lessons learned\n- Budget proposal"]),
        ]  # fmt: skip
    qn = counted(b.scope, b.quantity, acct.lang)
    phases = ["khơi gợi", "ra mắt", "cao điểm", "duy trì"] if vi else ["teaser", "launch", "peak"]
    phase = rng.choice(phases)
    due = day_month(b.due, acct.lang)
    prev = month_word(b.due - days(60), acct.lang)
    deliverables = [d.format(qn=qn) for d in SCOPE[b.scope]["deliverables"][acct.lang]]
    listed = [
        "\n".join(f"- {d}" for d in deliverables),
        "\n".join(f"- {d}" for d in deliverables[:2]),
    ]
    brand, product, audience = cx["brand"], b.product or cx["product"], cx["audience"]
    if vi:
        background = [
            f"{brand} chuẩn bị đẩy mạnh {product} trong chiến dịch “{cx['campaign']}”. "
            f"Hệ thống hiện có {cx['outlets']}.",
            f"Năm ngoái, hoạt động {cx['season']} của {brand} chủ yếu dựa vào quảng cáo trả phí "
            "nên chi phí cao mà tương tác thấp. Năm nay khách hàng muốn kể câu chuyện thương hiệu "
            f"rõ ràng hơn và tập trung vào {product}.",
            f"Khảo sát {prev} cho thấy {audience} biết đến {brand} chủ yếu qua bạn bè và mạng xã "
            "hội, nhưng ít người nhớ thông điệp của chiến dịch trước.",
            f"Đội bán hàng của {brand} phản hồi rằng khách cần thêm thông tin về {product} trước "
            "khi quyết định mua. Hạng mục này trả lời các câu hỏi thường gặp ngay trên kênh khách "
            "hay dùng.",
        ]
        rng.shuffle(background)
        return [
            ("Bối cảnh", [" ".join(background[:2]), " ".join(background[2:])]),
            ("Mục tiêu", [
                f"{cap(qn)} cho giai đoạn {phase}, hoàn thành trước ngày {due}.",
                f"{cap(qn)} giúp tăng mức độ nhận biết {product} và dẫn khách về "
                f"{cx['destination']}; bàn giao trước ngày {due}.",
            ]),
            ("Đối tượng", [f"{cap(audience)}.", f"{cap(audience)}. Nhóm phụ: {cx['audience2']}."]),
            ("Thông điệp chính", [
                f"“{cx['tagline']}” Giọng văn ấm áp, gần gũi, tránh thuật ngữ chuyên môn.",
                f"“{cx['tagline']}” Mỗi nội dung kết thúc bằng lời mời {cx['cta']}.",
                f"“{cx['tagline']}” Sản phẩm xuất hiện tự nhiên, không quảng cáo quá đà.",
            ]),
            ("Hạng mục bàn giao", listed),
            ("Yêu cầu bắt buộc", [
                "- Logo và màu thương hiệu theo bộ nhận diện bản mới nhất\n"
                f"- Mọi thông tin giá và khuyến mãi phải được {cx['approver']} xác nhận trước "
                "khi đăng",
                "- Không dùng nhạc hoặc hình ảnh chưa có bản quyền\n"
                "- Ghi rõ thời gian áp dụng chương trình\n"
                "- Không so sánh trực tiếp với thương hiệu khác",
            ]),
        ]  # fmt: skip
    background = [
        f"{brand} is putting {product} at the center of “{cx['campaign']}”. The campaign runs "
        f"across {cx['outlets']}.",
        f"Last year's {cx['season']} activity relied on paid media: reach was high but "
        f"engagement was low. This year the client wants a clearer story built around {product}.",
        f"The {prev} survey showed that {audience} hear about {brand} mostly from friends and "
        "social media, but few remember the last campaign's message.",
        f"The sales team reports that customers ask the same questions about {product} before "
        "they buy. This piece answers them where customers already are.",
    ]
    rng.shuffle(background)
    return [
        ("Background", [" ".join(background[:2]), " ".join(background[2:])]),
        ("Objective", [
            f"{qn} for the {phase} phase, ready by {due}.",
            f"{qn} to make {product} better known and send people to {cx['destination']}; "
            f"ready by {due}.",
        ]),
        ("Audience", [f"{cap(audience)}.", f"{cap(audience)}; also {cx['audience2']}."]),
        ("Key message", [
            f"“{cx['tagline']}” Tone: warm, direct, a little playful; no jargon.",
            f"“{cx['tagline']}” Every piece ends with an invitation to {cx['cta']}.",
            f"“{cx['tagline']}” Show the product in use; no superlatives the client cannot prove.",
        ]),
        ("Deliverables", listed),
        ("Mandatories", [
            "- Logo and colors from the current brand guidelines\n"
            f"- Prices and offers confirmed by {cx['approver']} before anything goes live",
            "- Licensed music and images only\n- Offer terms and dates stated in full\n"
            "- No direct comparison with competitors",
        ]),
    ]  # fmt: skip


def sections_text(sections: Sequence[tuple[str, list[str]]], choice: Sequence[int]) -> str:
    return "\n\n".join(
        f"## {heading}\n\n{texts[choice[k] % len(texts)]}"
        for k, (heading, texts) in enumerate(sections)
        if choice[k] >= 0
    )


def change_body(acct: Account, c: Change) -> str:
    spec = SCOPE[c.scope]
    contracted = next(s["quantity"] for s in acct.scope if s["id"] == c.scope)
    who = acct.people[c.requested_by]
    cost = money(c.cost, acct.currency, acct.lang)
    qn = counted(c.scope, c.quantity, acct.lang)
    listed = "\n".join(f"- {d.format(qn=qn)}" for d in spec["deliverables"][acct.lang][:2])
    total = counted(c.scope, contracted, acct.lang)
    if acct.lang == "vi":
        impact = (
            f"Lịch chiến dịch lùi {c.impact} ngày."
            if c.impact
            else "Không ảnh hưởng đến lịch chiến dịch."
        )
        return (
            f"## Yêu cầu\n\n{cap(who.ref('vi'))} đề nghị bổ sung {qn} cho {c.reason}. Hợp đồng "
            f"hiện có {total}, đã dành cho các hạng mục đang triển khai.\n\n"
            f"## Phạm vi bổ sung\n\n{listed}\n\n"
            f"## Chi phí và tiến độ\n\nChi phí {cost}, chưa gồm VAT. {impact}\n"
        )
    impact = (
        f"The campaign calendar moves by {c.impact} days."
        if c.impact
        else "No change to the campaign calendar."
    )
    return (
        f"## Request\n\n{who.given} asked for {qn} more for {c.reason}. The contract covers "
        f"{total}, all committed to work in progress.\n\n"
        f"## What it adds\n\n{listed}\n\n## Cost and timing\n\n{cost}. {impact}\n"
    )


def meeting_body(acct: Account, m: Meeting, extra: int) -> str:
    vi = acct.lang == "vi"
    cx = acct.cx
    if m.kind == "internal":
        text = (
            "Giờ làm phần sản xuất đang cao hơn dự toán. Chưa cần báo khách; theo dõi lại sau "
            "hai tuần."
            if vi
            else "Production hours are above budget. Nothing to tell the client yet; we look "
            "again in two weeks."
        )
        return text + "\n\n" + "".join(f"- {n}\n" for n in m.notes[: 1 + extra])
    if vi:
        summary = {
            "kickoff": f"Hai bên thống nhất mục tiêu, lịch chiến dịch “{cx['campaign']}” và cách "
            f"làm việc. {cx['brand']} muốn tập trung vào {cx['product']}.",
            "review": "Khách hàng duyệt hạng mục sau vòng chỉnh sửa cuối. Agency bắt đầu sản xuất "
            "theo lịch đã thống nhất.",
            "status": "Tiến độ đúng kế hoạch. Các việc của tuần tới đã có người phụ trách và hạn "
            "hoàn thành.",
        }[m.kind]
        head, notes = "## Tóm tắt", "## Ghi chú"
    else:
        summary = {
            "kickoff": f"We agreed the goals, the calendar of “{cx['campaign']}” and how we work "
            f"together. {cx['brand']} wants {cx['product']} front and center.",
            "review": "The client approved the piece after the last round of changes. "
            "Production starts on the agreed schedule.",
            "status": "On track. Next week's work has owners and due dates.",
        }[m.kind]
        head, notes = "## Summary", "## Notes"
    bullets = "".join(f"- {n}\n" for n in m.notes[: 2 + extra])
    return f"{head}\n\n{summary}\n\n{notes}\n\n{bullets}"


def report_body(acct: Account, r: Report, final: bool) -> str:
    cx = acct.cx
    figures = []
    for objective, actual, _note in r.results:
        o = next(o for o in acct.objectives if o["id"] == objective)
        unit = "%" if o["unit"] == "%" else f" {o['unit']}"
        figures.append((cap(o["metric"]), f"{number(actual, acct.lang)}{unit}"))
    start, end = day_month(r.period_start, acct.lang), day_month(r.period_end, acct.lang)
    if acct.lang == "vi":
        text = (
            f"## Tổng quan\n\nGiai đoạn {start}–{end} hoàn thành đúng lịch. Chiến dịch "
            f"“{cx['campaign']}” tiếp tục tập trung vào {cx['product']}.\n\n## Điểm nổi bật\n\n"
            f"- Kênh {cx['channel1']} mang lại nhiều tương tác nhất.\n"
        )
        text += "".join(f"- {metric} đạt {value}.\n" for metric, value in figures)
        if final:
            text += (
                f"\n## Bước tiếp theo\n\n- Tối ưu ngân sách cho {cx['channel1']}\n"
                f"- Chuẩn bị nội dung cho giai đoạn {cx['season']}\n"
            )
        return text
    text = (
        f"## Summary\n\n{start} to {end} went to plan. “{cx['campaign']}” keeps {cx['product']} "
        f"at the center.\n\n## Highlights\n\n- {cx['channel1']} drove the most engagement.\n"
    )
    text += "".join(f"- {metric}: {value}.\n" for metric, value in figures)
    if final:
        text += (
            f"\n## Next steps\n\n- Shift budget towards {cx['channel1']}\n"
            f"- Prepare the {cx['season']} content\n"
        )
    return text
