"""The scope catalog: items, quantities, brief titles, deliverables, owners, nouns."""

from __future__ import annotations

from typing import Any

from .common import split

# fmt: off
SCOPE: dict[str, dict[str, Any]] = {
    "social-post": {
        "vi": ("Bài đăng mạng xã hội", "bài"),
        "en": ("Social posts", "post", "posts"),
        "qty": (4, 14), "rounds": 2,
        "titles": {
            "vi": split("""
                Bài đăng mạng xã hội tháng {m} — “{campaign}” | social-thang-{m}
                Chuỗi bài đăng giới thiệu {product} | social-{pslug}
                Bài đăng {season} trên Facebook và Instagram | social-{sslug}
            """),
            "en": split("""
                {Month} social posts — “{campaign}” | social-{month}
                Social series introducing {product} | social-{pslug}
                {Season} posts for Facebook and Instagram | social-{sslug}
            """),
        },
        "deliverables": {
            "vi": split("""
                {qn} kèm caption và lịch đăng
                File thiết kế gốc để đội fanpage tự điều chỉnh
                Bộ câu trả lời mẫu cho các bình luận thường gặp
            """),
            "en": split("""
                {qn} with captions and a posting calendar
                Source design files for the client's social team
                Suggested replies to the most common comments
            """),
        },
    },
    "video": {
        "vi": ("Video ngắn TikTok và Reels", "video"),
        "en": ("Short videos", "video", "videos"),
        "qty": (1, 4), "rounds": 2,
        "titles": {
            "vi": split("""
                Chuỗi video ngắn “{campaign}” | video-{cslug}
                Video giới thiệu {product} | video-{pslug}
                Video ngắn tháng {m} cho TikTok và Reels | video-thang-{m}
            """),
            "en": split("""
                Short video series “{campaign}” | video-{cslug}
                Explainer videos for {product} | video-{pslug}
                {Month} short videos for TikTok and Reels | video-{month}
            """),
        },
        "deliverables": {
            "vi": split("""
                {qn} dạng dọc 9:16, mỗi video 30–45 giây, có phụ đề tiếng Việt
                Bản 15 giây của mỗi video để chạy quảng cáo
                Ảnh hậu trường cho fanpage
            """),
            "en": split("""
                {qn}, vertical (9:16), 30 to 45 seconds each, captioned
                A 15-second cutdown of each for paid social
                Behind-the-scenes stills
            """),
        },
    },
    "kv": {
        "vi": ("Key visual chiến dịch", "thiết kế"),
        "en": ("Campaign key visual", "design", "designs"),
        "qty": (1, 1), "rounds": 3,
        "titles": {
            "vi": split("""
                Key visual chiến dịch “{campaign}” | kv-{cslug}
                Key visual {season} | kv-{sslug}
            """),
            "en": split("""
                Key visual for “{campaign}” | kv-{cslug}
                {Season} key visual | kv-{sslug}
            """),
        },
        "deliverables": {
            "vi": split("""
                File gốc key visual (AI, PSD) và bản tách lớp cho hoạt hình
                Bộ chuyển thể 1:1, 4:5, 9:16 và 16:9
                Hướng dẫn sử dụng key visual (8 trang)
            """),
            "en": split("""
                Master key visual (AI, PSD) with layered files
                Adaptations in 1:1, 4:5, 9:16 and 16:9
                An eight-page usage guide
            """),
        },
    },
    "landing-page": {
        "vi": ("Trang đích chiến dịch", "trang"),
        "en": ("Landing page", "page", "pages"),
        "qty": (1, 1), "rounds": 2,
        "titles": {
            "vi": split("""
                Trang đích {product} | landing-{pslug}
                Trang đích chiến dịch “{campaign}” | landing-{cslug}
            """),
            "en": split("""
                Landing page for {product} | landing-{pslug}
                Campaign landing page “{campaign}” | landing-{cslug}
            """),
        },
        "deliverables": {
            "vi": split("""
                Thiết kế giao diện cho máy tính và điện thoại
                Nội dung trang và thẻ SEO
                Biểu mẫu đăng ký kết nối với CRM của khách hàng
            """),
            "en": split("""
                Desktop and mobile designs
                Page copy and SEO tags
                A sign-up form connected to the client's CRM
            """),
        },
    },
    "email": {
        "vi": ("Email marketing", "email"),
        "en": ("Email campaign", "email", "emails"),
        "qty": (2, 6), "rounds": 2,
        "titles": {
            "vi": split("""
                Chuỗi email {season} | email-{sslug}
                Email giới thiệu {product} | email-{pslug}
                Email tháng {m} cho khách hàng thân thiết | email-thang-{m}
            """),
            "en": split("""
                {Season} email series | email-{sslug}
                Emails introducing {product} | email-{pslug}
                {Month} loyalty emails | email-{month}
            """),
        },
        "deliverables": {
            "vi": split("""
                {qn} (tiêu đề, nội dung, phiên bản cho điện thoại)
                Hai phương án tiêu đề để thử nghiệm A/B
                Báo cáo tỷ lệ mở và nhấp sau mỗi đợt gửi
            """),
            "en": split("""
                {qn} (subject line, copy, mobile version)
                Two subject lines per email for A/B testing
                Open and click report after each send
            """),
        },
    },
    "posm": {
        "vi": ("Ấn phẩm POSM tại điểm bán", "hạng mục"),
        "en": ("In-store POS materials", "item", "items"),
        "qty": (3, 8), "rounds": 2,
        "titles": {
            "vi": split("""
                Bộ POSM {season} tại điểm bán | posm-{sslug}
                POSM giới thiệu {product} | posm-{pslug}
            """),
            "en": split("""
                {Season} in-store kit | posm-{sslug}
                POS materials for {product} | posm-{pslug}
            """),
        },
        "deliverables": {
            "vi": split("""
                {qn} theo kích thước từng điểm bán
                File in CMYK kèm bản in thử
                Hướng dẫn lắp đặt cho nhân viên cửa hàng
            """),
            "en": split("""
                {qn}, sized for each store format
                Print-ready CMYK files with proofs
                An installation guide for store staff
            """),
        },
    },
    "photo": {
        "vi": ("Chụp ảnh sản phẩm và phong cách sống", "ảnh"),
        "en": ("Product and lifestyle photography", "image", "images"),
        "qty": (10, 40), "rounds": 2,
        "titles": {
            "vi": split("""
                Bộ ảnh {product} | anh-{pslug}
                Chụp ảnh phong cách sống tháng {m} | anh-thang-{m}
            """),
            "en": split("""
                Photography for {product} | photo-{pslug}
                {Month} lifestyle shoot | photo-{month}
            """),
        },
        "deliverables": {
            "vi": split("""
                {qn} đã hậu kỳ, kích thước cho web và mạng xã hội
                Ảnh gốc RAW lưu trên thư mục chung
                Danh sách cảnh chụp đã duyệt
            """),
            "en": split("""
                {qn}, retouched and sized for web and social
                RAW files in the shared drive
                The approved shot list
            """),
        },
    },
    "banner": {
        "vi": ("Banner quảng cáo hiển thị", "bộ"),
        "en": ("Display banner sets", "set", "sets"),
        "qty": (1, 3), "rounds": 2,
        "titles": {
            "vi": split("""
                Banner hiển thị “{campaign}” | banner-{cslug}
                Banner quảng cáo {product} | banner-{pslug}
            """),
            "en": split("""
                Display banners for “{campaign}” | banner-{cslug}
                Display ads for {product} | banner-{pslug}
            """),
        },
        "deliverables": {
            "vi": split("""
                {qn} hiển thị (300×250, 728×90, 320×50)
                Bản HTML5 có hiệu ứng chuyển động
                Hai phương án thông điệp để thử nghiệm
            """),
            "en": split("""
                {qn} (300×250, 728×90, 320×50)
                Animated HTML5 versions
                Two message variants for testing
            """),
        },
    },
    "pr-article": {
        "vi": ("Bài PR trên báo điện tử", "bài"),
        "en": ("PR articles", "article", "articles"),
        "qty": (2, 5), "rounds": 2,
        "titles": {
            "vi": split("""
                Bài PR ra mắt {product} | pr-{pslug}
                Bài PR {season} | pr-{sslug}
            """),
            "en": split("""
                Launch articles for {product} | pr-{pslug}
                {Season} press articles | pr-{sslug}
            """),
        },
        "deliverables": {
            "vi": split("""
                {qn} dài 800–1.000 chữ
                Danh sách báo điện tử và lịch đăng
                Ảnh minh họa có chú thích
            """),
            "en": split("""
                {qn} of 800 to 1,000 words
                A list of target outlets and dates
                Captioned photos
            """),
        },
    },
    "event": {
        "vi": ("Sự kiện ra mắt", "sự kiện"),
        "en": ("Launch events", "event", "events"),
        "qty": (1, 1), "rounds": 1,
        "titles": {
            "vi": split("""
                Sự kiện ra mắt {product} | su-kien-{pslug}
                Sự kiện tri ân khách hàng tháng {m} | su-kien-thang-{m}
            """),
            "en": split("""
                Launch event for {product} | event-{pslug}
                {Month} customer appreciation event | event-{month}
            """),
        },
        "deliverables": {
            "vi": split("""
                Kịch bản chương trình và sơ đồ bố trí
                Danh sách khách mời và thư mời
                Ảnh và video ghi lại sự kiện
            """),
            "en": split("""
                Run of show and floor plan
                Guest list and invitations
                Event photos and a recap video
            """),
        },
    },
    "kol": {
        "vi": ("Nội dung hợp tác KOL", "lượt booking"),
        "en": ("Creator partnerships", "booking", "bookings"),
        "qty": (2, 6), "rounds": 2,
        "titles": {
            "vi": split("""
                Hợp tác KOL cho {product} | kol-{pslug}
                Chiến dịch KOL “{campaign}” | kol-{cslug}
            """),
            "en": split("""
                Creator partnerships for {product} | creators-{pslug}
                Creator campaign “{campaign}” | creators-{cslug}
            """),
        },
        "deliverables": {
            "vi": split("""
                {qn} kèm kịch bản nội dung
                Hợp đồng và lịch đăng của từng KOL
                Báo cáo lượt xem và tương tác
            """),
            "en": split("""
                {qn} with content briefs
                Contracts and posting dates for each creator
                A views and engagement report
            """),
        },
    },
    "packaging": {
        "vi": ("Thiết kế bao bì", "mẫu"),
        "en": ("Packaging design", "design", "designs"),
        "qty": (1, 2), "rounds": 3,
        "titles": {
            "vi": split("""
                Bao bì {product} phiên bản giới hạn | bao-bi-{pslug}
                Hộp quà {season} | hop-qua-{sslug}
            """),
            "en": split("""
                Limited-edition packaging for {product} | pack-{pslug}
                {Season} gift box | gift-box-{sslug}
            """),
        },
        "deliverables": {
            "vi": split("""
                File in hoàn chỉnh theo dieline của nhà in
                Ảnh mô phỏng 3D cho website và mạng xã hội
                Bản in thử có chữ ký duyệt
            """),
            "en": split("""
                Print-ready files on the printer's dieline
                3D mockups for the website and social
                Signed-off print proofs
            """),
        },
    },
}
OWNER_FUNCTION = {
    "social-post": "social", "kol": "social", "video": "producer", "event": "producer",
    "photo": "producer", "kv": "creative", "packaging": "creative", "posm": "designer",
    "banner": "designer", "landing-page": "copy", "email": "copy", "pr-article": "copy",
}

# How a quantity of each scope item is counted in a sentence: Vietnamese, English singular
# and plural ("12 bài đăng", "1 banner set", "12 social posts").
NOUNS = {
    "social-post": ("bài đăng", "social post", "social posts"),
    "video": ("video ngắn", "short video", "short videos"),
    "kv": ("thiết kế key visual", "key visual", "key visuals"),
    "landing-page": ("trang đích", "landing page", "landing pages"),
    "email": ("email", "email", "emails"),
    "posm": ("hạng mục POSM", "POS item", "POS items"),
    "photo": ("ảnh sản phẩm", "image", "images"),
    "banner": ("bộ banner", "banner set", "banner sets"),
    "pr-article": ("bài PR", "article", "articles"),
    "event": ("sự kiện", "event", "events"),
    "kol": ("lượt booking KOL", "creator booking", "creator bookings"),
    "packaging": ("mẫu bao bì", "packaging design", "packaging designs"),
}

# id, text, metric, (low, high) target, unit, rounding step of the target
# fmt: on
