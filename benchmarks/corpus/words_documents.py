"""Sentences of documents: objectives, inputs, meetings, reports, notes, risks."""

from __future__ import annotations

from .common import split

# fmt: off
OBJECTIVES = {
    "vi": [
        ("nhan-dien", "Tăng nhận diện thương hiệu {brand} dịp {season}", "lượt tiếp cận",
         (800_000, 3_000_000), "người", 50_000),
        ("tuong-tac", "Tăng tương tác trên các kênh mạng xã hội", "tỷ lệ tương tác",
         (3, 8), "%", 1),
        ("doanh-so", "Tăng doanh số {product} so với cùng kỳ", "tăng trưởng doanh số",
         (10, 30), "%", 1),
        ("khach-hang-moi", "Thu hút khách hàng mới đăng ký qua {destination}", "lượt đăng ký",
         (5_000, 40_000), "người", 500),
        ("luot-truy-cap", "Tăng lượt truy cập website trong thời gian chiến dịch",
         "lượt truy cập", (100_000, 600_000), "lượt", 10_000),
    ],
    "en": [
        ("awareness", "Make {brand} known to {audience} before the {season} peak", "reach",
         (800_000, 3_000_000), "people", 50_000),
        ("engagement", "Lift engagement on the social channels", "engagement rate",
         (3, 8), "%", 1),
        ("sales", "Grow sales of {product} against the same period last year", "sales growth",
         (10, 30), "%", 1),
        ("sign-ups", "Bring in new customers through {destination}", "sign-ups",
         (5_000, 40_000), "people", 500),
        ("site-traffic", "Grow website traffic during the campaign", "visits",
         (100_000, 600_000), "visits", 10_000),
    ],
}
INPUTS = {
    "vi": split("""
        Bộ nhận diện thương hiệu và file logo gốc
        Thông tin sản phẩm và bảng giá
        Danh sách điểm bán kèm kích thước vị trí đặt POSM
        Số liệu bán hàng cùng kỳ năm trước
        Lịch quay tại cửa hàng và người liên hệ
        Quyền truy cập tài khoản quảng cáo và fanpage
        Ảnh sản phẩm do nhà sản xuất cung cấp
    """),
    "en": split("""
        Brand guidelines and logo files
        Product specs and price list
        Store list with POS dimensions
        Last year's sales data for the same period
        In-store shoot schedule and contacts
        Access to the ad accounts and social pages
        Manufacturer product photos
    """),
}
SURVEY_COMMENTS = {
    "vi": split("""
        Đội ngũ nắm insight nhanh; mong báo cáo tuần gọn hơn.
        Key visual được ban giám đốc khen.
        Phản hồi nhanh, bản nháp đúng hướng ngay từ đầu.
        Cần gửi lịch đăng sớm hơn để bên mình kịp duyệt.
        Sẽ giới thiệu agency cho đối tác.
    """),
    "en": split("""
        Sharp research readout. Keep the weekly notes short.
        Loved the first-look series. Fast turnaround on feedback.
        Drafts were on brief from the first round.
        Send the posting calendar a few days earlier, please.
        Would recommend the team to our partners.
    """),
}
BILLING = {
    "vi": split("""
        Xuất hóa đơn 3 đợt 40% / 40% / 20%
        Phí cố định hằng tháng cộng chi phí sản xuất theo thực tế
        Thanh toán 50% khi ký hợp đồng, 50% khi nghiệm thu
    """),
    "en": split("""
        Monthly retainer plus production at cost + 12%
        Three invoices of 40%, 40% and 20%
        Half on signature, half on delivery
    """),
}
ACCOUNT_NOTES = {
    "vi": split("""
        Khách hàng quyết nhanh nhưng rất kỹ về màu sắc in ấn.
        Cơ hội mở rộng sang chiến dịch năm sau nếu đạt mục tiêu.
        Giữ liên lạc thường xuyên với {contact}; ưu tiên gọi điện hơn email.
    """),
    "en": split("""
        Decides fast, but reads every line of legal copy.
        Room to grow into next year's campaign if the targets are met.
        Keep {contact} close; a call works better than email.
    """),
}
REVISIONS = {
    "vi": split("""
        Rút gọn caption; bỏ hashtag tiếng Anh
        Đổi nền sang tông ấm hơn; thu nhỏ logo
        Thay ảnh sản phẩm bằng ảnh chụp tại cửa hàng
        Sửa lại giá theo bảng giá mới
        Tăng độ tương phản chữ trên nền tối
        Đổi nhạc nền sang bản có bản quyền
        Thêm phụ đề tiếng Anh
        Rút ngắn phần mở đầu còn 3 giây
    """),
    "en": split("""
        Shorter captions; dropped the hashtags
        Warmer background; smaller logo
        Swapped the product shot for an in-store photo
        Prices updated to the new list
        More contrast on the headline
        Licensed music instead of the temp track
        Added Spanish subtitles
        Cut the opening to three seconds
    """),
}
CHANGE_REASONS = {
    "vi": split("đợt khai trương cửa hàng mới|chương trình tri ân khách hàng|"
                "đợt khuyến mãi cuối năm|thị trường miền Trung|phiên bản tiếng Anh"),
    "en": split("the store openings|the loyalty program|the year-end sale|the Canadian launch|"
                "the Spanish-language market"),
}
DECISIONS = {
    "vi": split("""
        Chốt lịch đăng bài đến hết tháng {m}
        Giữ {channel} là các kênh chính của chiến dịch
        Báo cáo tiến độ gửi mỗi thứ Sáu; họp tiến độ 30 phút mỗi hai tuần
        {approver} là đầu mối duyệt nội dung
        Lùi buổi chụp sang tuần sau để chờ mẫu sản phẩm
        Ưu tiên video ngắn trong ngân sách quảng cáo tháng {m}
        Dùng một key visual cho mọi điểm chạm
        Tạm dừng quảng cáo trả phí trong tuần có lễ
    """),
    "en": split("""
        Lock the posting calendar through the end of {Month}
        Keep {channel} as the main channels
        Written status every Friday; a call every other week
        {approver} is the single point of approval
        Move the shoot by one week to wait for product samples
        Put short video first in the {Month} paid budget
        Use one key visual across every touchpoint
        Pause paid media during the holiday week
    """),
}
ACTIONS = {
    "vi": {
        "agency": split("""
            Gửi bản dựng thô video tập đầu
            Cập nhật lịch đăng bài tháng {m}
            Gửi báo giá hạng mục phát sinh
            Chỉnh lại caption theo góp ý của khách hàng
            Gửi báo cáo số liệu tuần
            Chuẩn bị ba phương án key visual
        """),
        "client": split("""
            Gửi file logo và bộ nhận diện bản mới nhất
            Xác nhận giá bán và thời gian khuyến mãi
            Chia sẻ số liệu bán hàng tuần trước
            Gửi danh sách điểm bán và kích thước vị trí POSM
            Xác nhận lịch quay tại cửa hàng
        """),
    },
    "en": {
        "agency": split("""
            Send the rough cut of the first video
            Update the {Month} posting calendar
            Send a quote for the extra work
            Revise captions based on the client's notes
            Send the weekly numbers
            Prepare three key visual routes
        """),
        "client": split("""
            Share the latest logo files and brand guidelines
            Confirm prices and offer dates
            Share last week's sales numbers
            Send the store list with POS dimensions
            Confirm the in-store shoot schedule
        """),
    },
}
QUESTIONS = {
    "vi": split("""
        Chương trình khuyến mãi có áp dụng cho kênh online không?
        Có cần phiên bản tiếng Anh cho khách nước ngoài không?
        Ai duyệt cuối cùng các nội dung có giá bán?
        Ngân sách quảng cáo tháng tới có thay đổi không?
    """),
    "en": split("""
        Does the offer apply online as well?
        Do we need a Spanish version?
        Who signs off posts that show prices?
        Will next month's media budget change?
    """),
}
MEETING_NOTES = {
    "vi": split("""
        Lượt tiếp cận tuần qua cao hơn dự kiến, nhất là các bài có video.
        Khách hàng muốn giảm bớt chữ trên ảnh và tăng ảnh sản phẩm thật.
        {approver} sẽ phản hồi bản nháp trong hai ngày làm việc.
        Cần xác nhận sớm lịch quay để giữ ê-kíp và địa điểm.
        Đội bán hàng phản hồi tốt về {product}; nhiều khách hỏi thêm về ưu đãi.
        Kênh {channel1} mang lại nhiều lượt nhấp nhất trong tháng {m}.
    """),
    "en": split("""
        Reach last week was above plan, mostly from the video posts.
        The client wants less text on images and more real product shots.
        {approver} will comment on drafts within two business days.
        The shoot dates need confirming soon to hold the crew and location.
        The sales team likes {product}; customers keep asking about the offer.
        {channel1} brought the most clicks in {Month}.
    """),
}
RESULT_NOTES = {
    "vi": split("""
        Đạt {pct}% mục tiêu; video ngắn đóng góp phần lớn
        Tăng đều qua từng tuần
        Thấp hơn kỳ vọng do lùi lịch ra mắt
        Chủ yếu đến từ kênh {channel1}
        Đạt {pct}% mục tiêu sau giai đoạn khơi gợi
    """),
    "en": split("""
        {pct}% of target; short video did most of the work
        Steady growth week on week
        Below plan because the launch slipped
        Mostly from {channel1}
        {pct}% of target after the teaser phase
    """),
}
PLAN_BULLETS = {
    "vi": split("""
        Giữ khách hàng qua dịp {season} và đề xuất gia hạn trước khi hợp đồng kết thúc.
        Đầu mối chính: {contact}; họp tiến độ mỗi hai tuần.
        Ưu tiên {product} trong mọi đề xuất sáng tạo.
    """),
    "en": split("""
        Keep the account through the {season} peak and propose a renewal before the end.
        Main contact: {contact}; a status call every other week.
        Lead every creative proposal with {product}.
    """),
}
# title | id, then the bullets
NOTES = {
    "vi": [
        split("""
            Biên lợi nhuận và nhân sự — tháng {m} | bien-loi-nhuan-thang-{m}
            Dự báo biên lợi nhuận thấp hơn mục tiêu {margin}% do giờ làm sản xuất tăng.
            {member} đang làm song song hai khách hàng; ưu tiên hạng mục của tài khoản này.
            Chưa cần thuê thêm nhân sự tự do; xem lại sau hai tuần.
        """),
        split("""
            Ghi chú quan hệ khách hàng | ghi-chu-quan-he-khach-hang
            {contact_cap} quyết nhanh, thích nhận bản nháp sớm hơn là bản hoàn chỉnh muộn.
            Nên gửi tài liệu trước 10 giờ sáng để khách kịp phản hồi trong ngày.
            Nhắc việc qua Zalo hiệu quả hơn email.
        """),
        split("""
            Cơ hội gia hạn hợp đồng | co-hoi-gia-han
            Khách hàng quan tâm mở rộng sang {product2} năm sau.
            Chuẩn bị đề xuất gia hạn kèm kết quả chiến dịch “{campaign}”.
            Rủi ro: ngân sách năm sau có thể bị cắt 10–15%.
        """),
    ],
    "en": [
        split("""
            Margin and staffing — {Month} | margin-and-staffing-{month}
            Margin forecast is below the {margin}% target because production hours grew.
            {member} is split across two accounts; this one comes first until launch.
            No freelancers yet; review again in two weeks.
        """),
        split("""
            Relationship notes | relationship-notes
            {contact_cap} decides fast and prefers early drafts to late polished ones.
            Send material before 10 a.m. to get an answer the same day.
            A quick call beats a long email.
        """),
        split("""
            Renewal opportunity | renewal-opportunity
            The client wants to extend the work to {product2} next year.
            Prepare the renewal proposal with the results of “{campaign}”.
            Risk: next year's budget may be cut by 10 to 15%.
        """),
    ],
}
LOG_ENTRIES = {
    "vi": split("""
        Gọi điện định kỳ với {contact}; không có vấn đề mới.
        Khách hàng khen tiến độ tuần này; giữ nhịp gửi bản nháp sớm.
        Cập nhật dự báo giờ làm sau khi chốt lịch quay.
        Nhắc khách gửi tài liệu còn thiếu trước thứ Sáu.
        Đề xuất thêm một buổi làm việc về kế hoạch {season}.
    """),
    "en": split("""
        Check-in call with {contact}; nothing new to flag.
        The client praised this week's pace; keep sending early drafts.
        Hours forecast updated after the shoot dates were fixed.
        Reminded the client about the missing material before Friday.
        Suggested a working session on the {season} plan.
    """),
}
# id | title | mitigation
RISKS = {
    "vi": split("""
        phan-hoi-cham | Khách hàng phản hồi chậm trong tuần cao điểm
        Gửi bản nháp sớm hai ngày; thống nhất người duyệt thay khi vắng
        nha-in-giao-tre | Nhà in có thể giao hàng trễ vì cao điểm cuối năm
        Chốt lịch in sớm và giữ một nhà in dự phòng
        mau-san-pham-ve-muon | Mẫu sản phẩm về muộn ảnh hưởng lịch chụp
        Chụp trước bối cảnh; ghép sản phẩm khi mẫu về
        ngan-sach-bi-cat | Ngân sách quảng cáo có thể bị cắt giảm
        Chuẩn bị phương án phân bổ ngân sách tối thiểu
        thoi-tiet-xau | Thời tiết xấu ảnh hưởng buổi quay ngoài trời
        Giữ hai ngày dự phòng và một địa điểm trong nhà
    """),
    "en": split("""
        slow-feedback | Client feedback may slow down in the peak weeks
        Send drafts two days early; agree a stand-in approver
        printer-delay | The printer may deliver late in the year-end rush
        Book the print slot early and keep a back-up printer
        late-samples | Product samples may arrive late for the shoot
        Shoot the scenes first; composite the product when samples arrive
        budget-cut | The media budget may be cut
        Prepare a minimum media plan
        shoot-weather | Bad weather could close the outdoor shoot
        Two weather days held; an indoor back-up location
    """),
}
EDIT_MESSAGES = split("""
    Update the background of {id}
    Clarify the objective of {id}
    Refine the audience of {id}
    Rework the key message of {id}
    Update the deliverables of {id}
    Update the mandatories of {id}
""")
README = """\
# Client accounts

One folder per client under `accounts/`: the client card (`account.yml`), the timeline
(`timeline.yml`) and Markdown documents with YAML front matter (briefs, change requests,
meeting summaries, reports, internal notes).

- Check everything with `aeportal validate`.
- Approvals go through pull requests, or are recorded with `aeportal approve`.
"""
# fmt: on
