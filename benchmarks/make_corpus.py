"""A realistic corpus of accounts in a real git repository, for benchmarks and manual tests.

    python3 benchmarks/make_corpus.py --accounts 100 --docs 30 --commits 5000 --seed 1 \\
        --out /tmp/corpus100

Writes ``--accounts`` client accounts under ``accounts/`` of a new git repository at ``--out``
(which must not exist or be empty): about half in Vietnamese (``language: vi``), half in
English, each with an account.yml, a timeline.yml and ``--docs`` Markdown documents (about
half briefs, the rest change requests, meetings, reports and internal notes). Everything
validates with ``aeportal validate OUT --today 2026-11-23``.

The history has exactly ``--commits`` commits, written with ``git fast-import``: an initial
import (the accounts as they stood on some date), then every later change of every document
in date order, as GitHub pull-request merges (two parents), squash merges ``Subject (#N)``,
direct commits (approvals there carry ``Approved-by:`` trailers) and renames. Every version
of every file is valid. Approvals land through reviewed commits; a few briefs are edited
after their approval (HIST001 warnings), some are sent back and approved again. The same
seed gives the same commits, byte for byte.

Also importable: ``make_corpus(out, accounts, docs, commits, seed)`` returns a summary dict.
"""

from __future__ import annotations

import argparse
import datetime as dt
import heapq
import json
import random
import re
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from aeportal.history import content_hash

TODAY = dt.date(2026, 11, 23)
TZ = "+0700"  # the agency works from Vietnam
TZ_SECONDS = 7 * 3600
KINDS = ("briefs", "changes", "meetings", "reports", "internal")
SCHEMA = "# yaml-language-server: $schema=../../../docs/schemas/{}.schema.json"
# Steps (document versions) per commit after the initial import: older steps are folded
# into the import so that the history keeps about this density.
STEPS_PER_COMMIT = 1.3
ENDGAME = 3  # commits kept at the end to merge open pull requests and sweep what is left
OPEN_PRS = 6  # pull requests open at the same time, at most
PR_DAYS = 4  # days a pull request stays open, at most
GITHUB = ("GitHub", "noreply@github.com")


def split(text: str) -> list[str]:
    """Items of a word list written one per line, or on one line separated by `|`."""
    return [item.strip() for item in text.split("\n" if "\n" in text else "|") if item.strip()]


# ---------------------------------------------------------------------------------------------
# Word lists
# ---------------------------------------------------------------------------------------------

# fmt: off
VI_SURNAMES = split("Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|"
                    "Trịnh|Đinh|Lâm|Mai")
VI_MIDDLE = {True: split("Thị|Ngọc|Thu|Minh|Thanh|Bảo|Khánh|Phương|Hoài|Mỹ"),
             False: split("Văn|Minh|Đức|Quốc|Hoàng|Hữu|Thanh|Gia|Anh|Tuấn")}
VI_GIVEN = {
    True: split("Lan|Thư|Hà|Vy|Trang|Linh|Phương|Mai|Hương|Thảo|Yến|Hạnh|Ngân|Châu|Nhung|"
                "Quyên|Diệp|Oanh|My|Uyên"),
    False: split("Hùng|Quân|Khoa|Tuấn|Nam|Dũng|Hiếu|Sơn|Huy|Long|Tâm|Phúc|Khải|Trung|Đạt|"
                 "Thắng|Bình|Vinh|Lộc|Kiên"),
}
EN_GIVEN = {
    True: split("Dana|Priya|Elaine|Grace|Hannah|Laura|Megan|Olivia|Rosa|Sofia|Tessa|Valerie|"
                "Wendy|Zoe|Alice|Bianca|Carmen|Irene"),
    False: split("Marco|Owen|Victor|Tom|Ethan|Felix|George|Henry|Isaac|Jonah|Kevin|Liam|Mateo|"
                 "Nathan|Oscar|Peter|Ruben|Simon"),
}
EN_SURNAMES = split("Whitfield|Reyes|Natarajan|Gallagher|Morrison|Chen|Okafor|Brennan|Castillo|"
                    "Dubois|Fischer|Hughes|Ibrahim|Jensen|Kowalski|Larsen|Mendez|Novak|O'Brien|"
                    "Patel|Quinn|Rossi|Schmidt|Takahashi")

# The agency: one team shared by every account (id, name, female, function, Vietnamese).
AGENCY = [
    ("ha", "Phạm Thu Hà", True, "lead", True),
    ("thao", "Đinh Phương Thảo", True, "lead", True),
    ("minh", "Trần Minh", False, "ae", True),
    ("trang", "Đỗ Thu Trang", True, "ae", True),
    ("khoa", "Nguyễn Đăng Khoa", False, "creative", True),
    ("duc", "Lý Minh Đức", False, "designer", True),
    ("vy", "Lê Tường Vy", True, "copy", True),
    ("tuan", "Hoàng Anh Tuấn", False, "social", True),
    ("phuc", "Võ Hoàng Phúc", False, "producer", True),
    ("ngan", "Bùi Kim Ngân", True, "strategist", True),
    ("claire", "Claire Bennett", True, "lead", False),
    ("omar", "Omar Haddad", False, "ae", False),
    ("ingrid", "Ingrid Larsen", True, "creative", False),
    ("jonah", "Jonah Price", False, "copy", False),
    ("marcus", "Marcus Lee", False, "producer", False),
]
ROLES = {
    "lead": ("Trưởng nhóm khách hàng", "Account Director"),
    "ae": ("Chuyên viên khách hàng (AE)", "Account Executive"),
    "creative": ("Giám đốc mỹ thuật", "Creative Director"),
    "designer": ("Thiết kế đồ họa", "Senior Designer"),
    "copy": ("Biên tập nội dung", "Senior Copywriter"),
    "social": ("Trưởng nhóm mạng xã hội", "Social Media Lead"),
    "producer": ("Điều phối sản xuất", "Producer"),
    "strategist": ("Chuyên viên chiến lược", "Strategist"),
}
CLIENT_ROLES = {  # the first three are senior enough to approve
    "vi": split("""
        Giám đốc Marketing
        Tổng giám đốc
        Trưởng phòng Thương hiệu
        Trưởng phòng Truyền thông
        Chuyên viên thương hiệu
        Trưởng phòng Kinh doanh
        Chuyên viên Digital Marketing
        Trưởng phòng Thương mại điện tử
        Giám đốc Vận hành
    """),
    "en": split("""
        VP Marketing
        Chief Executive
        Brand Manager
        Communications Manager
        Marketing Coordinator
        Head of Sales
        Digital Marketing Manager
        E-commerce Lead
        Operations Director
    """),
}
VI_BRANDS = split("Mộc Trà|Sen Hồng|An Nhiên|Bình Minh|Hạt Ngọc|Đất Việt|Sông Hàn|Mây Trắng|"
                  "Thảo Mộc|Phố Cổ|Hương Cau|Lúa Vàng|Hải Đăng|Trúc Xanh|Hoa Ban|Ngàn Thông|"
                  "Cỏ May|Phù Sa|Biển Xanh|Tràng An|Hồng Lam|Cánh Diều|Gió Nồm|Nắng Mai|"
                  "Làng Gốm|Tây Hồ|Vạn Xuân|Kim Liên")
EN_BRANDS = split("Northwind|Harborline|Bluepeak|Silver Lake|Copperline|Redwood|Brightwater|"
                  "Ironbridge|Maple Row|Summit|Lakeshore|Granite|Oakhurst|Saltmarsh|Ridgeway|"
                  "Clearwater|Foxglove|Stonegate|Westfield|Kestrel|Larkspur|Driftwood|"
                  "Evergreen|Highland|Juniper|Meadowbrook")

# Industries: account name, company, products, audiences, destination of the calls to
# action, outlets, channels; and the scope items such clients tend to buy.
INDUSTRIES: list[dict[str, Any]] = [
    {
        "scope": ["social-post", "video", "kv", "posm", "packaging", "photo", "kol"],
        "vi": {
            "name": "{b} Coffee",
            "company": "Công ty Cổ phần {b} Coffee",
            "products": split("cà phê phin đóng lon|trà sen mùa Tết|dòng cold brew mới|"
                              "hộp quà cà phê cuối năm"),
            "audiences": ["dân văn phòng 25–35 tuổi ở Hà Nội và TP.HCM",
                          "sinh viên và người trẻ mới đi làm"],
            "destination": "ứng dụng thành viên",
            "outlets": "{n} cửa hàng ở Hà Nội và TP.HCM",
            "channel": "Facebook, TikTok và Zalo OA",
        },
        "en": {
            "name": "{b} Coffee Co.",
            "company": "{b} Coffee Company, Inc.",
            "products": split("the cold brew cans|the winter blend|the new oat latte|"
                              "the holiday gift tins"),
            "audiences": ["office workers who buy their first coffee on the way in",
                          "students and young professionals"],
            "destination": "the loyalty app",
            "outlets": "{n} cafés across the region",
            "channel": "Instagram, TikTok and email",
        },
    },
    {
        "scope": ["social-post", "video", "landing-page", "email", "banner", "pr-article"],
        "vi": {
            "name": "Ngân hàng {b}",
            "company": "Ngân hàng TMCP {b}",
            "products": split("thẻ tín dụng hoàn tiền|ứng dụng ngân hàng số mới|"
                              "gói vay mua nhà ưu đãi|tài khoản tiết kiệm trực tuyến"),
            "audiences": ["người đi làm 25–40 tuổi có thu nhập ổn định", "chủ hộ kinh doanh nhỏ"],
            "destination": "ứng dụng ngân hàng",
            "outlets": "{n} chi nhánh trên toàn quốc",
            "channel": "Facebook, YouTube và báo điện tử",
        },
        "en": {
            "name": "{b} Bank",
            "company": "{b} Bank, N.A.",
            "products": split("the cash-back credit card|the new mobile app|"
                              "the first-home mortgage|the online savings account"),
            "audiences": ["working adults aged 25 to 40", "small-business owners"],
            "destination": "the mobile app",
            "outlets": "{n} branches across the state",
            "channel": "Facebook, YouTube and local news sites",
        },
    },
    {
        "scope": ["social-post", "video", "photo", "kol", "landing-page", "email", "event"],
        "vi": {
            "name": "Thời trang {b}",
            "company": "Công ty TNHH Thời trang {b}",
            "products": split("bộ sưu tập thu đông|dòng áo khoác chống nước|"
                              "bộ sưu tập áo dài Tết|dòng đồ thể thao mới"),
            "audiences": ["nữ nhân viên văn phòng 22–35 tuổi", "người trẻ yêu thích dã ngoại"],
            "destination": "website bán hàng",
            "outlets": "{n} cửa hàng và gian hàng chính hãng trên Shopee",
            "channel": "Instagram, TikTok và Facebook",
        },
        "en": {
            "name": "{b} Outdoors",
            "company": "{b} Outdoors, Inc.",
            "products": split("the spring rain shell|the Ridgeline pack|the winter collection|"
                              "the trail running line"),
            "audiences": ["active hikers aged 25 to 45", "weekend campers"],
            "destination": "the online store",
            "outlets": "{n} specialty retailers",
            "channel": "Instagram, YouTube and email",
        },
    },
    {
        "scope": ["social-post", "video", "kol", "photo", "packaging", "banner", "event"],
        "vi": {
            "name": "{b} Cosmetics",
            "company": "Công ty Cổ phần Mỹ phẩm {b}",
            "products": split("dòng kem chống nắng thuần chay|bộ sản phẩm dưỡng ẩm|"
                              "son thỏi phiên bản giới hạn|serum phục hồi da"),
            "audiences": ["nữ 18–30 tuổi quan tâm đến chăm sóc da",
                          "khách hàng thân thiết của hệ thống"],
            "destination": "gian hàng chính hãng trên Shopee",
            "outlets": "{n} quầy tại các trung tâm thương mại",
            "channel": "TikTok, Instagram và Facebook",
        },
        "en": {
            "name": "{b} Skincare",
            "company": "{b} Skincare Ltd.",
            "products": split("the mineral sunscreen|the hydration line|"
                              "the limited-edition lip set|the repair serum"),
            "audiences": ["women aged 18 to 30 who follow skincare creators", "loyalty members"],
            "destination": "the online store",
            "outlets": "{n} department-store counters",
            "channel": "TikTok, Instagram and email",
        },
    },
    {
        "scope": ["video", "landing-page", "banner", "pr-article", "event", "photo", "email"],
        "vi": {
            "name": "{b} Land",
            "company": "Công ty Cổ phần Địa ốc {b}",
            "products": split("dự án căn hộ ven sông|phân khu nhà phố mới|"
                              "dự án nghỉ dưỡng ven biển"),
            "audiences": ["gia đình trẻ đang tìm căn hộ đầu tiên",
                          "nhà đầu tư cá nhân 35–50 tuổi"],
            "destination": "trang đăng ký tham quan nhà mẫu",
            "outlets": "{n} sàn giao dịch đối tác",
            "channel": "Facebook, Google và báo điện tử",
        },
        "en": {
            "name": "{b} Homes",
            "company": "{b} Homes LLC",
            "products": split("the riverside apartments|the new townhouse phase|"
                              "the lakeside community"),
            "audiences": ["young families looking for a first home",
                          "downsizers aged 55 and over"],
            "destination": "the model-home booking page",
            "outlets": "{n} partner brokerages",
            "channel": "Facebook, Google and local press",
        },
    },
    {
        "scope": ["social-post", "banner", "posm", "email", "video", "landing-page"],
        "vi": {
            "name": "Điện máy {b}",
            "company": "Công ty Cổ phần Thế giới Điện máy {b}",
            "products": split("chương trình thu cũ đổi mới|dòng máy lọc không khí|"
                              "đợt giảm giá cuối năm|dịch vụ lắp đặt trong ngày"),
            "audiences": ["gia đình ở các thành phố lớn", "người mua điện thoại lần đầu"],
            "destination": "website và ứng dụng",
            "outlets": "{n} siêu thị trên toàn quốc",
            "channel": "Facebook, YouTube và Zalo",
        },
        "en": {
            "name": "{b} Electronics",
            "company": "{b} Electronics Corp.",
            "products": split("the trade-in program|the air purifier range|the year-end sale|"
                              "same-day installation"),
            "audiences": ["families in large cities", "first-time smartphone buyers"],
            "destination": "the website and app",
            "outlets": "{n} stores nationwide",
            "channel": "Facebook, YouTube and email",
        },
    },
    {
        "scope": ["social-post", "video", "landing-page", "email", "kol", "banner", "photo"],
        "vi": {
            "name": "{b} Travel",
            "company": "Công ty TNHH Du lịch {b}",
            "products": split("tour Tết nước ngoài|combo nghỉ dưỡng Phú Quốc|"
                              "tour Nhật Bản mùa hoa anh đào|chương trình du lịch doanh nghiệp"),
            "audiences": ["gia đình có con nhỏ", "nhân viên văn phòng muốn đi chơi dịp lễ"],
            "destination": "trang đặt tour",
            "outlets": "{n} văn phòng tại Hà Nội, Đà Nẵng và TP.HCM",
            "channel": "Facebook, TikTok và email",
        },
        "en": {
            "name": "{b} Travel",
            "company": "{b} Travel Group",
            "products": split("the winter getaway packages|the Japan cherry-blossom tours|"
                              "the company retreat program|the island resort bundle"),
            "audiences": ["families with young children", "couples planning a long weekend"],
            "destination": "the booking page",
            "outlets": "{n} travel shops",
            "channel": "Instagram, Facebook and email",
        },
    },
    {
        "scope": ["social-post", "video", "landing-page", "email", "event", "banner"],
        "vi": {
            "name": "Anh ngữ {b}",
            "company": "Hệ thống Anh ngữ {b}",
            "products": split("khóa tiếng Anh cho trẻ em|khóa luyện thi IELTS|chương trình học hè|"
                              "lớp tiếng Anh giao tiếp cho người đi làm"),
            "audiences": ["phụ huynh có con 6–15 tuổi", "sinh viên chuẩn bị du học"],
            "destination": "trang đăng ký học thử",
            "outlets": "{n} trung tâm tại các thành phố lớn",
            "channel": "Facebook, YouTube và Zalo",
        },
        "en": {
            "name": "{b} Academy",
            "company": "{b} Learning, Inc.",
            "products": split("the coding camp for teens|the weekend language courses|"
                              "the summer program|the online exam preparation course"),
            "audiences": ["parents of children aged 8 to 15", "adults changing careers"],
            "destination": "the trial-class sign-up page",
            "outlets": "{n} campuses",
            "channel": "Facebook, YouTube and email",
        },
    },
]

CAMPAIGNS = {
    "vi": split("Tết sum vầy|Về nhà ăn Tết|Mùa hè rực rỡ|Trung thu đoàn viên|Tựu trường vui vẻ|"
                "Sống xanh mỗi ngày|Tri ân khách hàng|Chào năm mới|Khởi đầu mới|"
                "Giáng sinh an lành|Hành trình xanh|Gần nhau hơn"),
    "en": split("Made for the Wet Miles|Home for the Holidays|Spring Forward|Back to Class|"
                "Summer Unplugged|The Year-End Edit|Small Wins|Here for Good|The Long Weekend|"
                "Built to Last|Open Doors|One Good Habit"),
}
# (the season as written in a title or sentence, its slug)
SEASONS = {
    "vi": [("Tết", "tet"), ("mùa hè", "mua-he"), ("Trung thu", "trung-thu"),
           ("mùa tựu trường", "tuu-truong"), ("cuối năm", "cuoi-nam"),
           ("Giáng sinh", "giang-sinh")],
    "en": [("holiday", "holiday"), ("summer", "summer"), ("back-to-school", "back-to-school"),
           ("year-end", "year-end"), ("spring", "spring"), ("winter", "winter")],
}
TAGLINES = {
    "vi": split("""
        Tết này, về nhà sớm hơn một chút.
        Mỗi ngày một lựa chọn tốt hơn.
        Vì bạn xứng đáng được chăm sóc.
        Đi xa hơn, mang nhẹ hơn.
        Sống chậm lại, tận hưởng nhiều hơn.
        Bắt đầu từ những điều nhỏ.
        Thêm một lý do để gặp nhau.
        Gần hơn với những điều bạn thương.
    """),
    "en": split("""
        Made for the long way round.
        Small changes, every day.
        Here when you need us.
        Go further, carry less.
        Your neighborhood, only better.
        Start with one good habit.
        The weekend starts here.
        Built for the way you live.
    """),
}
CTAS = {
    "vi": split("ghé cửa hàng gần nhất|tải ứng dụng để nhận ưu đãi|đăng ký tư vấn miễn phí|"
                "đặt hàng trước để nhận quà"),
    "en": split("visit the nearest store|download the app for the offer|"
                "book a free consultation|pre-order for a free gift"),
}
MONTHS_EN = split("January|February|March|April|May|June|July|August|September|October|"
                  "November|December")

# The scope catalog. Per item: name and unit (and English plural), quantity per brief,
# revision rounds, brief titles as "title | id" templates, and deliverables.
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


# ---------------------------------------------------------------------------------------------
# Small helpers: ids, YAML scalars, dates and numbers in words
# ---------------------------------------------------------------------------------------------


def slugify(text: str, words: int = 0) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    parts = [p for p in re.split(r"[^a-z0-9]+", text) if p]
    if words:
        parts = [p for p in parts if p not in {"the", "for", "of", "a", "to", "and"}][:words]
    return "-".join(parts)


_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


def q(value: object, flow: bool = True) -> str:
    """A YAML scalar: plain when that is unambiguous, double-quoted otherwise."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    plain = (
        text[:1].isalpha()
        and text == text.strip()
        and text.lower() not in _RESERVED
        and ": " not in text
        and not text.endswith(":")
        and "#" not in text
        and "\n" not in text
        and "\t" not in text
        and not (flow and any(c in text for c in ",[]{}:"))
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def flow_map(items: Iterable[tuple[str, object]]) -> str:
    return "{" + ", ".join(f"{k}: {q(v)}" for k, v in items if v is not None) + "}"


def flow_list(values: Iterable[object]) -> str:
    return "[" + ", ".join(q(v) for v in values) + "]"


def block_map(mapping: dict[str, object], indent: int = 2) -> str:
    pad = " " * indent
    return "".join(f"{pad}{k}: {q(v, flow=False)}\n" for k, v in mapping.items())


def day_month(day: dt.date, lang: str) -> str:
    return f"{day.day}/{day.month}" if lang == "vi" else f"{MONTHS_EN[day.month - 1]} {day.day}"


def month_word(day: dt.date, lang: str) -> str:
    return f"tháng {day.month}" if lang == "vi" else MONTHS_EN[day.month - 1]


def number(value: float, lang: str) -> str:
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.1f}"
    else:
        text = f"{int(value):,}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "vi" else text


def money(value: int, currency: str, lang: str) -> str:
    if currency == "VND":
        if value >= 1_000_000_000:
            return f"{number(round(value / 1e9, 2), lang)} tỷ đồng"
        return f"{number(value // 1_000_000, lang)} triệu đồng"
    return f"${number(value, 'en')}"


def counted(scope: str, quantity: int, lang: str) -> str:
    """A quantity of a scope item in words: "12 bài đăng", "1 banner set", "3 articles"."""
    vi, one, many = NOUNS[scope]
    return f"{quantity} {vi if lang == 'vi' else one if quantity == 1 else many}"


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def clamp(day: dt.date, low: dt.date, high: dt.date) -> dt.date:
    """``day`` moved into [low, high] (``high`` wins when the range is empty)."""
    return max(low, min(day, high)) if low <= high else high


def between(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    if high <= low:
        return low
    return low + days(rng.randint(0, (high - low).days))


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """Lower-case the first letter, unless the first word is a name or an acronym."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def unique_id(wanted: str, taken: set[str]) -> str:
    base = wanted[:56].strip("-")
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    return ident


def unique(items: Iterable[Any]) -> list[Any]:
    seen: list[Any] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


# ---------------------------------------------------------------------------------------------
# The plan of an account: everything it holds at the end, with the dates things happened
# ---------------------------------------------------------------------------------------------


@dataclass
class Person:
    id: str
    name: str
    given: str
    female: bool
    email: str
    role: str = ""
    phone: str | None = None
    approver: bool = False
    function: str = ""

    def ref(self, lang: str) -> str:
        """How the team speaks of this person: "chị Lan", "anh Hùng", "Dana"."""
        if lang == "vi":
            return f"{'chị' if self.female else 'anh'} {self.given}"
        return self.given

    @property
    def ident(self) -> str:
        return f"{self.name} <{self.email}>"


def _staff(ident: str, name: str, female: bool, function: str, vi: bool) -> Person:
    words = name.split()
    given, family = (words[-1], words[0]) if vi else (words[0], words[-1])
    email = f"{slugify(given)}.{slugify(family)}@agency.example"
    return Person(ident, name, given, female, email, function=function)


STAFF = {row[0]: _staff(*row) for row in AGENCY}
VI_STAFF = [row[0] for row in AGENCY if row[4]]


@dataclass
class Milestone:
    id: str
    title: str
    phase: str
    owner: str
    start: dt.date
    due: dt.date
    depends_on: list[str] = field(default_factory=list)
    deliverables: list[str] = field(default_factory=list)
    approver: str | None = None
    sent: dt.date | None = None
    approved: dt.date | None = None
    done: dt.date | None = None
    internal: dict[str, object] = field(default_factory=dict)


@dataclass
class Brief:
    id: str
    title: str
    scope: str | None
    quantity: int
    owner: str
    due: dt.date
    objectives: list[str]
    created: dt.date
    template: int
    product: str = ""
    status: str = "draft"
    change: str | None = None
    deliverable: bool = False
    review: dt.date | None = None
    revisions: list[tuple[dt.date, str]] = field(default_factory=list)
    edits: list[dt.date] = field(default_factory=list)
    approved_by: str | None = None
    approved_on: dt.date | None = None
    first_approval: dt.date | None = None  # approved once, reworked, approved again
    reopened: dt.date | None = None
    produced: dt.date | None = None
    delivered_on: dt.date | None = None
    cancelled: dt.date | None = None
    stale_edit: dt.date | None = None  # changed after its approval, not approved again
    visibility: str = "client"
    internal: dict[str, object] = field(default_factory=dict)
    old_id: str | None = None
    renamed: dt.date | None = None
    referenced: bool = False


@dataclass
class Change:
    id: str
    title: str
    requested_by: str
    requested_on: dt.date
    scope: str
    quantity: int
    cost: int
    impact: int
    status: str
    reason: str
    decided_by: str | None = None
    decided_on: dt.date | None = None
    visibility: str = "client"
    internal: dict[str, object] = field(default_factory=dict)
    old_id: str | None = None
    renamed: dt.date | None = None
    referenced: bool = False


@dataclass
class Action:
    task: str
    owner: str
    due: dt.date
    done: dt.date | None


@dataclass
class Question:
    question: str
    owner: str
    due: dt.date
    answered: dt.date | None


@dataclass
class Meeting:
    id: str
    title: str
    date: dt.date
    kind: str  # kickoff, status, review, internal
    attendees: list[str]
    decisions: list[str]
    questions: list[Question]
    actions: list[Action]
    approvals: list[tuple[str, str]]
    notes: list[str]
    visibility: str = "client"
    internal: dict[str, object] = field(default_factory=dict)
    old_id: str | None = None
    renamed: dt.date | None = None


@dataclass
class Report:
    id: str
    title: str
    date: dt.date
    period_start: dt.date
    period_end: dt.date
    results: list[tuple[str, float, str]]
    final: dt.date | None
    visibility: str = "client"
    old_id: str | None = None
    renamed: dt.date | None = None


@dataclass
class Note:
    id: str
    title: str
    date: dt.date
    author: str
    bullets: list[str]
    updates: list[tuple[dt.date, str]] = field(default_factory=list)
    internal: dict[str, object] = field(default_factory=dict)
    heading: str = ""


@dataclass
class Risk:
    id: str
    title: str
    impact: str
    owner: str
    mitigation: str
    raised: dt.date
    status: str
    changed: dt.date | None
    visibility: str = "client"
    internal: dict[str, object] = field(default_factory=dict)


@dataclass
class Account:
    index: int
    slug: str
    lang: str
    name: str
    company: str
    domain: str
    cx: dict[str, str]
    contacts: list[Person]
    team: list[Person]
    approvers: list[str]
    sla_days: int
    contract_id: str
    start: dt.date
    end: dt.date
    value: int
    currency: str
    renewal: str
    renewal_on: dt.date | None
    created: dt.date
    channel: str = ""
    objectives: list[dict[str, Any]] = field(default_factory=list)
    scope: list[dict[str, Any]] = field(default_factory=list)
    inputs: list[tuple[str, str, dt.date, dt.date | None]] = field(default_factory=list)
    surveys: list[tuple[dt.date, list[dict[str, object]]]] = field(default_factory=list)
    internal: dict[str, object] = field(default_factory=dict)
    milestones: list[Milestone] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    briefs: list[Brief] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def people(self) -> dict[str, Person]:
        return {p.id: p for p in (*self.contacts, *self.team)}

    def member(self, function: str) -> Person:
        found = [p for p in self.team if p.function == function]
        return found[0] if found else self.member("ae")

    def lead(self) -> Person:
        return self.member("lead")

    def ae(self) -> Person:
        return self.member("ae")


def counts(docs: int) -> dict[str, int]:
    """Documents per kind: about half briefs, at least one of every kind."""
    briefs = min(max(1, round(docs * 0.5)), docs - 4)
    weights = {"changes": 0.3, "meetings": 0.4, "reports": 0.15, "internal": 0.15}
    extra = docs - briefs - len(weights)
    shares = {k: w * extra for k, w in weights.items()}
    out = {"briefs": briefs, **{k: 1 + int(shares[k]) for k in weights}}
    left = docs - sum(out.values())
    for k in sorted(weights, key=lambda k: shares[k] - int(shares[k]), reverse=True)[:left]:
        out[k] += 1
    return out


def make_person(rng: random.Random, lang: str, taken: set[str], domain: str) -> Person:
    female = rng.random() < 0.55
    if lang == "vi":
        surname, middle = rng.choice(VI_SURNAMES), rng.choice(VI_MIDDLE[female])
        given = rng.choice(VI_GIVEN[female])
        name = f"{surname} {middle} {given}"
    else:
        given, surname = rng.choice(EN_GIVEN[female]), rng.choice(EN_SURNAMES)
        name = f"{given} {surname}"
    ident = slugify(given)
    if ident in taken:
        ident = f"{ident}-{slugify(surname)}"
    ident = unique_id(ident, taken)
    email = f"{slugify(given)}.{slugify(surname).replace('-', '')}@{domain}"
    return Person(ident, name, given, female, email)


def plan_account(index: int, lang: str, seed: int, names: set[str], docs: int) -> Account:
    rng = random.Random(seed * 1_000_003 + index)
    industry = rng.choice(INDUSTRIES)
    words = industry[lang]
    brands = VI_BRANDS if lang == "vi" else EN_BRANDS
    for attempt in range(400):
        brand = rng.choice(brands)
        name = words["name"].format(b=brand)
        if attempt >= 100:
            name += f" {attempt // 100 + 1}"
        if name not in names:
            break
    names.add(name)
    slug = slugify(name)
    season, season_slug = rng.choice(SEASONS[lang])
    product = rng.choice(words["products"])
    audience = rng.choice(words["audiences"])
    cx = {
        "brand": brand,
        "product": product,
        "product2": rng.choice([p for p in words["products"] if p != product]),
        "audience": audience,
        "audience2": next(a for a in words["audiences"] if a != audience),
        "destination": words["destination"],
        "outlets": words["outlets"].format(n=rng.choice([6, 9, 12, 18, 24, 35, 42, 60])),
        "channel": words["channel"],
        "channel1": words["channel"].split(",")[0],
        "campaign": rng.choice(CAMPAIGNS[lang]),
        "season": season,
        "sslug": season_slug,
        "tagline": rng.choice(TAGLINES[lang]),
        "cta": rng.choice(CTAS[lang]),
    }
    domain = slug + ".example"
    taken = set(STAFF)
    contacts = [make_person(rng, lang, taken, domain) for _ in range(rng.randint(3, 5))]
    senior, others = CLIENT_ROLES[lang][:3], CLIENT_ROLES[lang][3:]  # approvers are senior
    roles = rng.sample(senior, 2) + rng.sample(others, len(contacts) - 2)
    for person, role in zip(contacts, roles, strict=True):
        person.role = role
        if rng.random() < 0.5:
            person.phone = (
                f"09{rng.randint(0, 9)}{rng.randint(1, 9)} {rng.randint(100, 999)} "
                f"{rng.randint(100, 999)}"
                if lang == "vi"
                else f"+1 {rng.randint(201, 989)} 555 0{rng.randint(100, 199)}"
            )
    approvers = [contacts[0].id] + ([contacts[1].id] if rng.random() < 0.6 else [])
    for person in contacts:
        person.approver = person.id in approvers
    pool = VI_STAFF if lang == "vi" else list(STAFF)
    team_ids = [
        rng.choice([i for i in pool if STAFF[i].function == function])
        for function in ("lead", "ae", "creative")
    ]
    extras = [i for i in pool if STAFF[i].function not in ("lead", "ae", "creative")]
    team_ids += rng.sample(extras, rng.randint(1, min(3, len(extras))))
    team = []
    for ident in team_ids:
        staff = STAFF[ident]
        role = ROLES[staff.function][0 if lang == "vi" else 1]
        team.append(
            Person(
                ident,
                staff.name,
                staff.given,
                staff.female,
                staff.email,
                role,
                function=staff.function,
            )
        )

    # The contract: most run past today; some end within 90 days; a few have ended.
    first_start, last_start = dt.date(2025, 11, 1), dt.date(2026, 10, 5)
    start = first_start + days(rng.randint(0, (last_start - first_start).days))
    roll = rng.random()
    if roll < 0.25 and (TODAY + days(88) - start).days >= 120:
        end = TODAY + days(rng.randint(5, 88))
    elif roll < 0.33 and (TODAY - start).days >= 200:
        end = TODAY - days(rng.randint(3, 40))
    else:
        end = max(start + days(rng.randint(150, 400)), TODAY + days(rng.randint(95, 200)))
    renewal_on: dt.date | None = end - days(rng.randint(60, 80))
    assert renewal_on is not None
    if start < renewal_on <= TODAY:
        options = ["in_discussion", "proposal_sent", "renewed"]
        if end <= TODAY:
            options = ["renewed", "not_renewing", "in_discussion"]
        renewal = rng.choice(options)
    else:
        renewal, renewal_on = "not_started", None
    initials = "".join(w[0] for w in slug.split("-"))[:3].upper()
    acct = Account(
        index=index,
        slug=slug,
        lang=lang,
        name=name,
        company=words["company"].format(b=brand),
        domain=domain,
        cx=cx,
        contacts=contacts,
        team=team,
        approvers=approvers,
        sla_days=rng.choice([2, 2, 3, 5]),
        contract_id=f"{initials}-{start.year}-{start.month:02d}",
        start=start,
        end=end,
        value=rng.randint(30, 250) * 10_000_000 if lang == "vi" else rng.randint(60, 400) * 1000,
        currency="VND" if lang == "vi" else "USD",
        renewal=renewal,
        renewal_on=renewal_on,
        created=start - days(rng.randint(2, 10)),
    )
    first = contacts[0]
    if lang == "vi":
        acct.channel = rng.choice(
            [
                f"{cap(first.ref(lang))} duyệt trên portal",
                f"{cap(first.ref(lang))} duyệt qua email; chi phí phát sinh cần ban giám đốc duyệt",
                "Duyệt trên portal, xác nhận lại qua Zalo",
            ]
        )
    else:
        acct.channel = rng.choice(
            [
                f"{first.given} approves in the portal",
                f"Comments in the portal; final sign-off by {first.given} by email",
                "Approval by email from the portal link",
            ]
        )
    n = counts(docs)
    plan_objectives(acct, rng)
    plan_scope_items(acct, rng, industry["scope"])
    plan_inputs_surveys(acct, rng)
    plan_timeline(acct, rng)
    plan_changes(acct, rng, n["changes"])
    plan_briefs(acct, rng, n["briefs"])
    plan_meetings(acct, rng, n["meetings"])
    plan_reports(acct, rng, n["reports"])
    plan_notes(acct, rng, n["internal"])
    plan_risks(acct, rng)
    size_scope(acct, rng)
    plan_renames(acct, rng)
    return acct


def plan_objectives(acct: Account, rng: random.Random) -> None:
    for ident, text, metric, (low, high), unit, step in rng.sample(
        OBJECTIVES[acct.lang], rng.randint(2, 4)
    ):
        acct.objectives.append(
            {
                "id": ident,
                "text": text.format(**acct.cx),
                "metric": metric,
                "target": rng.randint(low // step, high // step) * step,
                "unit": unit,
            }
        )


def plan_scope_items(acct: Account, rng: random.Random, preferred: list[str]) -> None:
    for ident in rng.sample(preferred, min(len(preferred), rng.randint(4, 6))):
        spec = SCOPE[ident]
        acct.scope.append(
            {
                "id": ident,
                "name": spec[acct.lang][0],
                "unit": spec[acct.lang][1],
                "quantity": 0,  # sized once the briefs are known
                "revision_rounds": spec["rounds"],
            }
        )


def plan_inputs_surveys(acct: Account, rng: random.Random) -> None:
    items = rng.sample(INPUTS[acct.lang], rng.randint(3, 5))
    dues = sorted(
        between(rng, acct.start - days(3), min(acct.end, TODAY + days(40))) for _ in items
    )
    for item, due in zip(items, dues, strict=True):
        received = None
        if due <= TODAY + days(5) and rng.random() < 0.85:
            received = clamp(due + days(rng.randint(-4, 2)), acct.created + days(1), TODAY)
        acct.inputs.append((item, rng.choice(acct.contacts).id, due, received))
    window = (TODAY - acct.start).days
    count = max(2, min(5, window // 40))
    first = acct.start + days(min(25, window // 3))
    approvers = [p for p in acct.contacts if p.approver]
    for k in range(count):
        day = first + days(round(k * (TODAY - first).days / (count - 1)))
        day = clamp(day - days(rng.randint(0, 3)), acct.start + days(1), TODAY)
        if acct.surveys and day <= acct.surveys[-1][0]:
            continue
        csat: dict[str, object] = {
            "date": day,
            "type": "csat",
            "score": round(rng.uniform(3.8, 4.9), 1),
            "scale": 5,
            "by": rng.choice(approvers).id,
        }
        if rng.random() < 0.6:
            csat["comment"] = rng.choice(SURVEY_COMMENTS[acct.lang])
        nps = {"date": day, "type": "nps", "score": rng.randint(6, 10), "by": csat["by"]}
        acct.surveys.append((day, [csat, nps]))
    acct.internal = {
        "margin_target": round(rng.uniform(0.28, 0.4), 2),
        "billing": rng.choice(BILLING[acct.lang]),
        "notes": rng.choice(ACCOUNT_NOTES[acct.lang]).format(
            contact=acct.contacts[0].ref(acct.lang)
        ),
    }


def plan_timeline(acct: Account, rng: random.Random) -> None:
    """6–9 milestones from kickoff to handover, due dates in order, dependencies backwards."""
    total = rng.randint(6, 9)
    review = total >= 7 and rng.random() < 0.7
    executions = total - 3 - (1 if review else 0)
    span = (acct.end - acct.start).days
    vi = acct.lang == "vi"
    s = acct.start
    plan: list[tuple[str, str, str, dt.date, dt.date]] = [
        (
            "khoi-dong" if vi else "kickoff",
            "Họp khởi động và chốt brief tổng" if vi else "Kickoff and brief sign-off",
            "kickoff",
            s,
            s + days(4),
        ),
        (
            "nghien-cuu" if vi else "research",
            "Nghiên cứu khách hàng và insight" if vi else "Audience research and insights",
            "discovery",
            s + days(5),
            s + days(5 + max(10, span // 12)),
        ),
    ]
    last_due = plan[-1][4]
    for j in range(executions):
        due = s + days(round(span * (0.2 + 0.62 * (j + 1) / executions)) + rng.randint(-4, 4))
        due = max(due, last_due + days(3))
        begin = max(s + days(5), due - days(rng.randint(14, 35)))
        # Execution milestones are named after their deliverables, once the briefs exist.
        plan.append((f"#{len(plan)}", "", "execution", begin, due))
        last_due = due
    if review:
        due = max(s + days(round(span * 0.93)), last_due + days(3))
        title = "Theo dõi và tối ưu giai đoạn cao điểm" if vi else "Peak weeks: monitor and tune"
        plan.append(
            ("theo-doi-toi-uu" if vi else "peak-tuning", title, "review", due - days(14), due)
        )
        last_due = due
    due = max(acct.end - days(rng.randint(0, 4)), last_due + days(2))
    title = "Báo cáo tổng kết và bàn giao" if vi else "Wrap report and handover"
    plan.append(("ban-giao" if vi else "handover", title, "handover", due - days(12), due))
    owners = [p.id for p in acct.team]
    milestones: list[Milestone] = []
    for k, (ident, title, phase, begin, due) in enumerate(plan):
        m = Milestone(ident, title, phase, rng.choice(owners), min(begin, due), due)
        if phase == "kickoff":
            m.owner = acct.ae().id
        elif phase in ("discovery", "handover"):
            m.owner = acct.lead().id
        if k:
            earlier = milestones[max(0, k - 3) : k]
            deps = {earlier[-1].id}
            if phase == "execution" and len(earlier) > 1 and rng.random() < 0.4:
                deps = {rng.choice(earlier[:-1]).id}
            if phase in ("review", "handover") and len(earlier) > 1 and rng.random() < 0.5:
                deps.add(earlier[-2].id)
            m.depends_on = [x.id for x in milestones if x.id in deps]
        if phase in ("execution", "review"):
            m.approver = rng.choice(acct.approvers)
        milestones.append(m)
    acct.milestones = milestones
    # Done: everything due before today, except (in some accounts) one overdue milestone and
    # what depends on it.
    past = [m for m in milestones if m.due < TODAY]
    overdue = past[-1] if past and rng.random() < 0.45 and past[-1].phase != "kickoff" else None
    for m in milestones:
        deps = [x for x in milestones if x.id in m.depends_on]
        if m.due < TODAY and m is not overdue and all(x.done for x in deps):
            low = max([m.start, *(x.done for x in deps if x.done)])
            m.done = clamp(m.due + days(rng.randint(-3, 2)), low, TODAY)
            if m.approver:
                m.approved = clamp(m.done - days(rng.randint(0, 3)), m.start, m.done)
                m.sent = clamp(m.approved - days(rng.randint(1, 4)), m.start, m.approved)
        elif m.approver and m.start <= TODAY and (m.due - TODAY).days <= 12:
            wanted = min(TODAY - days(rng.randint(0, 6)), m.due - days(rng.randint(1, 5)))
            m.sent = clamp(wanted, m.start, TODAY)
        if m.phase == "execution" and rng.random() < 0.25:
            unit = 10_000_000 if acct.lang == "vi" else 1000
            m.internal = {"production_budget": rng.randint(5, 60) * unit}


def plan_changes(acct: Account, rng: random.Random, count: int) -> None:
    low = acct.start + days(14)
    high = max(low, min(TODAY - days(2), acct.end))
    taken: set[str] = set()
    for n, requested in enumerate(sorted(between(rng, low, high) for _ in range(count)), 1):
        requested = min(requested, TODAY - days(1))
        item = rng.choice(acct.scope)
        spec = SCOPE[item["id"]]
        qlow, qhigh = spec["qty"]
        quantity = rng.randint(qlow, max(qlow, qhigh // 2 + 1))
        reason = rng.choice(CHANGE_REASONS[acct.lang])
        if (TODAY - requested).days < 6:
            status = "proposed"
        else:
            options = ["approved", "rejected", "withdrawn", "proposed"]
            status = rng.choices(options, [0.55, 0.18, 0.12, 0.15])[0]
        what = counted(item["id"], quantity, acct.lang)
        if acct.lang == "vi":
            title = f"Bổ sung {what} cho {reason}"
            slug = f"them-{slugify(NOUNS[item['id']][0], 3)}"
            cost = rng.randint(3, 24) * 5_000_000
        else:
            title = f"Add {what} for {reason}"
            slug = f"extra-{slugify(NOUNS[item['id']][2], 3)}"
            cost = rng.randint(4, 50) * 400
        change = Change(
            unique_id(f"cr-{n:03d}-{slug}", taken),
            title,
            rng.choice(acct.contacts).id,
            requested,
            item["id"],
            quantity,
            cost,
            rng.choice([0, 0, 3, 5, 7, 10]),
            status,
            reason,
        )
        if status in ("approved", "rejected"):
            change.decided_by = rng.choice(acct.approvers)
            change.decided_on = clamp(requested + days(rng.randint(3, 12)), requested, TODAY)
        elif status == "withdrawn":
            change.decided_on = clamp(requested + days(rng.randint(3, 15)), requested, TODAY)
        if status == "proposed" and rng.random() < 0.3:
            change.visibility = "internal"  # still being priced
        change.internal = {"estimated_margin": round(rng.uniform(0.25, 0.45), 2)}
        acct.changes.append(change)


def brief_title(
    acct: Account, rng: random.Random, scope: str, due: dt.date, taken: set[str]
) -> tuple[str, str, str]:
    """Title, id and the product a brief is about."""
    product = rng.choice([acct.cx["product"], acct.cx["product2"]])
    values = {
        "m": str(due.month),
        "month": MONTHS_EN[due.month - 1].lower(),
        "Month": MONTHS_EN[due.month - 1],
        "campaign": acct.cx["campaign"],
        "cslug": slugify(acct.cx["campaign"], 3),
        "product": product,
        "pslug": slugify(product, 3),
        "season": acct.cx["season"],
        "Season": cap(acct.cx["season"]),
        "sslug": acct.cx["sslug"],
    }
    templates = [t.split(" | ") for t in SCOPE[scope]["titles"][acct.lang]]
    rng.shuffle(templates)
    free = [t for t in templates if t[1].format(**values) not in taken]
    title, ident = (free or templates)[0]
    return title.format(**values), unique_id(ident.format(**values), taken), product


def brief_dates(
    acct: Account, rng: random.Random, b: Brief, status: str, earliest: dt.date | None = None
) -> None:
    """Set a brief's status and the dates of the steps that led to it."""
    b.status = status
    last = TODAY
    if status in ("approved", "in_production", "delivered"):
        low = min(max(b.created + days(2), earliest or b.created), TODAY)
        if b.approved_on is None:
            wanted = min(b.due - days(rng.randint(4, 14)), TODAY - days(rng.randint(0, 6)))
            b.approved_on = clamp(wanted, low, TODAY)
        b.approved_on = max(b.approved_on, low)
        b.approved_by = b.approved_by or rng.choice(acct.approvers)
        last = b.approved_on
        if status in ("in_production", "delivered"):
            top = b.delivered_on or TODAY
            b.produced = clamp(b.approved_on + days(rng.randint(0, 4)), b.approved_on, top)
        if status == "delivered":
            assert b.produced is not None
            if b.delivered_on is None:
                b.delivered_on = clamp(b.due + days(rng.randint(-2, 1)), b.produced, TODAY)
            b.delivered_on = max(b.delivered_on, b.produced)
    if status == "cancelled":
        b.cancelled = clamp(b.due - days(rng.randint(5, 20)), b.created + days(2), TODAY)
        last = b.cancelled
    if status != "draft":
        wanted = max(b.created + days(rng.randint(1, 6)), b.due - days(rng.randint(20, 45)))
        b.review = wanted if wanted <= last else between(rng, b.created, last)
    rounds = 2
    if b.scope:
        rounds = next(s["revision_rounds"] for s in acct.scope if s["id"] == b.scope)
    if b.review and (last - b.review).days >= 3:
        k = rng.choices([0, 1, 2, 3], [0.35, 0.35, 0.2, 0.1])[0]
        k = min(k, rounds, (last - b.review).days // 2)
        spots = sorted(rng.sample(range(1, (last - b.review).days), k))
        b.revisions = [(b.review + days(d), rng.choice(REVISIONS[acct.lang])) for d in spots]
    if rng.random() < 0.35:
        begin, end = b.review or b.created, last
        if (end - begin).days >= 2:
            b.edits = [begin + days(rng.randint(1, (end - begin).days - 1))]
    if b.approved_on and status in ("approved", "in_production", "delivered"):
        roll = rng.random()
        if roll < 0.03 and b.approved_on < TODAY:
            b.stale_edit = b.approved_on + days(rng.randint(1, (TODAY - b.approved_on).days))
        elif roll < 0.08 and b.review and (b.approved_on - b.review).days >= 4:
            gap = (b.approved_on - b.review).days
            b.first_approval = b.review + days(rng.randint(1, gap - 3))
            rest = (b.approved_on - b.first_approval).days
            b.reopened = b.first_approval + days(rng.randint(1, rest - 1))
            b.revisions = [r for r in b.revisions if r[0] <= b.first_approval]
            b.edits = [d for d in b.edits if d <= b.first_approval]


def status_by_due(rng: random.Random, due: dt.date, allow_cancel: bool) -> str:
    ahead = (due - TODAY).days
    if ahead < -5:
        options, weights = ["delivered", "in_production", "cancelled"], [0.88, 0.07, 0.05]
    elif ahead < 0:
        options, weights = ["delivered", "in_production"], [0.5, 0.5]
    elif ahead < 10:
        options, weights = ["in_production", "approved", "in_review"], [0.45, 0.3, 0.25]
    elif ahead < 30:
        options = ["approved", "in_review", "draft", "in_production"]
        weights = [0.3, 0.4, 0.2, 0.1]
    else:
        options, weights = ["draft", "in_review", "approved"], [0.5, 0.4, 0.1]
    status = rng.choices(options, weights)[0]
    return "delivered" if status == "cancelled" and not allow_cancel else status


def plan_briefs(acct: Account, rng: random.Random, count: int) -> None:
    taken: set[str] = set()
    scope_ids = [s["id"] for s in acct.scope]
    objective_ids = [o["id"] for o in acct.objectives]
    executions = [m for m in acct.milestones if m.phase == "execution"]
    internal = 1 if count >= 8 else 0
    slots = min(len(executions), max(1, count // 2))
    seconds = min(2, slots, count // 2 - slots) if count >= 12 else 0
    linked = [c for c in acct.changes if c.status == "approved"]
    linked += [c for c in acct.changes if c.status == "proposed" and rng.random() < 0.5]
    linked = linked[: max(0, count - internal - slots - seconds)]

    def new_brief(scope: str, due: dt.date, created: dt.date) -> Brief:
        title, ident, product = brief_title(acct, rng, scope, due, taken)
        low, high = SCOPE[scope]["qty"]
        owner = acct.member(OWNER_FUNCTION[scope]).id
        chosen = sorted(rng.sample(objective_ids, rng.randint(1, min(2, len(objective_ids)))))
        created = min(created, TODAY - days(2))
        b = Brief(
            ident,
            title,
            scope,
            rng.randint(low, high),
            owner,
            due,
            chosen,
            created,
            rng.randrange(1_000_000),
            product,
        )
        if rng.random() < 0.3:
            partners = (
                ["Phim Mộc", "Studio Lam", "In Bao Bì Hưng Phát"]
                if acct.lang == "vi"
                else ["Northlight Films", "Pressworks", "Tidewater Studio"]
            )
            b.internal = {
                "production_partner": rng.choice(partners),
                "shoot_days": rng.randint(1, 3),
            }
        acct.briefs.append(b)
        return b

    # Deliverables of execution milestones exist from the start: the timeline names them.
    chosen = sorted(rng.sample(executions, slots), key=lambda m: m.due)
    doubles = set(rng.sample(range(len(chosen)), seconds))
    for k, m in enumerate(chosen):
        for _ in range(2 if k in doubles else 1):
            due = clamp(m.due - days(rng.randint(0, 4)), m.start, m.due)
            b = new_brief(rng.choice(scope_ids), due, acct.created)
            b.created = acct.created
            b.deliverable = b.referenced = True
            m.deliverables.append(b.id)
            if m.done:
                b.approved_on, b.approved_by, b.delivered_on = m.approved, m.approver, m.done
                brief_dates(acct, rng, b, "delivered")
            elif m.due < TODAY:
                brief_dates(acct, rng, b, "in_production")
            elif m.sent:
                brief_dates(acct, rng, b, "in_review")
            elif m.start > TODAY:
                brief_dates(acct, rng, b, rng.choice(["draft", "in_review"]))
            else:
                brief_dates(acct, rng, b, status_by_due(rng, due, allow_cancel=False))
    ids = {x.id for x in acct.milestones}
    renamed: dict[str, str] = {}
    titles = {b.id: b.title for b in acct.briefs}
    vi = acct.lang == "vi"
    for m in chosen:
        title = titles[m.deliverables[0]]
        m.title = f"Hoàn thành {lower_first(title)}" if vi else f"{title} delivered"
        wanted = f"xong-{m.deliverables[0]}" if vi else f"{m.deliverables[0]}-done"
        new = unique_id(wanted, ids)
        renamed[m.id], m.id = new, new
    generic = split(
        "Nội dung tháng {m} sẵn sàng đăng|Chốt kế hoạch truyền thông tháng {m}|"
        "Nghiệm thu sản phẩm tháng {m}"
        if vi
        else "{Month} content ready to post|{Month} media plan signed off|"
        "{Month} deliverables accepted"
    )
    for m in acct.milestones:
        if not m.title:
            m.title = rng.choice(generic).format(m=m.due.month, Month=MONTHS_EN[m.due.month - 1])
            new = unique_id(slugify(m.title, 5), ids)
            renamed[m.id], m.id = new, new
    for m in acct.milestones:
        m.depends_on = [renamed.get(d, d) for d in m.depends_on]
    # Briefs on a change request's extra scope.
    for c in linked:
        created = clamp(c.requested_on + days(rng.randint(1, 3)), c.requested_on, TODAY - days(1))
        if c.decided_on:
            due = c.decided_on + days(rng.randint(14, 40))
        else:
            due = c.requested_on + days(rng.randint(20, 45))
        b = new_brief(c.scope, due, created)
        b.created = max(b.created, c.requested_on)
        b.change = c.id
        b.quantity = rng.randint(1, c.quantity)
        c.referenced = True
        status = status_by_due(rng, due, allow_cancel=False)
        if c.status == "proposed" and status in ("in_production", "delivered"):
            status = "approved"  # approved while the client decides on the change request
        brief_dates(acct, rng, b, status, earliest=c.decided_on)
    # The other briefs, due anywhere in the contract.
    last_due = min(acct.end, TODAY + days(75))
    for _ in range(count - internal - len(acct.briefs)):
        due = between(rng, acct.start + days(12), max(acct.start + days(12), last_due))
        created = max(acct.created, due - days(rng.randint(18, 40)))
        b = new_brief(rng.choice(scope_ids), due, created)
        brief_dates(acct, rng, b, status_by_due(rng, due, allow_cancel=True))
    if internal:  # agency-only work, outside the contract's scope
        title, ident = rng.choice(
            [
                ("Hồ sơ đề xuất gia hạn hợp đồng", "de-xuat-gia-han"),
                ("Case study chiến dịch cho website agency", "case-study"),
            ]
            if vi
            else [
                ("Renewal proposal deck", "renewal-proposal"),
                ("Campaign case study for the agency website", "case-study"),
            ]
        )
        created = max(acct.created, TODAY - days(rng.randint(5, 30)))
        b = Brief(
            unique_id(ident, taken),
            title,
            None,
            1,
            acct.lead().id,
            TODAY + days(rng.randint(10, 40)),
            [objective_ids[0]],
            created,
            rng.randrange(1_000_000),
        )
        b.visibility = "internal"
        b.internal = {"note": "Chưa chia sẻ với khách hàng" if vi else "Not shared with the client"}
        acct.briefs.append(b)
        brief_dates(acct, rng, b, rng.choice(["draft", "in_review"]))


def plan_meetings(acct: Account, rng: random.Random, count: int) -> None:
    vi = acct.lang == "vi"
    contacts = [p.id for p in acct.contacts]
    team = [p.id for p in acct.team]
    used: set[dt.date] = set()
    kickoff = min(acct.start + days(rng.randint(0, 3)), TODAY - days(1))
    specs: list[tuple[str, dt.date, Brief | None]] = [("kickoff", kickoff, None)]
    used.add(kickoff)
    if count >= 3:
        day = between(rng, acct.start + days(10), TODAY - days(1))
        if day not in used:
            specs.append(("internal", day, None))
            used.add(day)
    approved = [b for b in acct.briefs if b.approved_on and b.visibility == "client"]
    rng.shuffle(approved)
    for b in approved[: max(0, (count - len(specs)) // 2)]:
        assert b.approved_on is not None
        if b.approved_on not in used and b.first_approval is None:
            specs.append(("review", b.approved_on, b))
            used.add(b.approved_on)
            b.referenced = True
    for _ in range(500):
        if len(specs) >= count:
            break
        day = between(rng, acct.start + days(7), TODAY - days(1))
        if day not in used:
            specs.append(("status", day, None))
            used.add(day)
    taken: set[str] = set()
    approver = acct.people[acct.approvers[0]]
    for kind, day, brief in sorted(specs, key=lambda s: s[1]):
        fmt = {
            **acct.cx,
            "m": day.month,
            "Month": MONTHS_EN[day.month - 1],
            "approver": cap(approver.ref(acct.lang)),
        }
        campaign = acct.cx["campaign"]
        if kind == "kickoff":
            title = f"Họp khởi động chiến dịch “{campaign}”" if vi else f"Kickoff — “{campaign}”"
            slug = "hop-khoi-dong" if vi else "kickoff"
        elif kind == "internal":
            title = (
                f"Họp nội bộ — nhân sự và tiến độ tháng {day.month}"
                if vi
                else f"Internal — staffing and margin, {MONTHS_EN[day.month - 1]}"
            )
            slug = "noi-bo-nhan-su" if vi else "internal-staffing"
        elif kind == "review":
            assert brief is not None
            title = f"Họp duyệt {lower_first(brief.title)}" if vi else f"Review — {brief.title}"
            slug = f"duyet-{brief.id}" if vi else f"{brief.id}-review"
        else:
            week = day.isocalendar().week
            title = f"Họp tiến độ tuần {week}" if vi else f"Weekly status — week {week}"
            slug = "hop-tien-do" if vi else "weekly-status"
        ident = unique_id(f"{day.isoformat()}-{slug}"[:56], taken)
        people = []
        if kind != "internal":
            people = rng.sample(contacts, rng.randint(1, min(3, len(contacts))))
        attendees = people + rng.sample(team, rng.randint(2, min(4, len(team))))
        decisions = [d.format(**fmt) for d in rng.sample(DECISIONS[acct.lang], rng.randint(2, 3))]
        if brief is not None:
            decisions.insert(
                0, f"Duyệt {lower_first(brief.title)}" if vi else f"{brief.title} is approved"
            )
        actions = []
        for _ in range(rng.randint(2, 4)):
            client_side = bool(people) and rng.random() < 0.4
            task = rng.choice(ACTIONS[acct.lang]["client" if client_side else "agency"])
            due = day + days(rng.randint(2, 14))
            done = None
            if due <= TODAY + days(3) and rng.random() < 0.85:
                done = clamp(due + days(rng.randint(-4, 1)), day, TODAY)
            owner = rng.choice(people if client_side else team)
            actions.append(Action(task.format(**fmt), owner, due, done))
        questions = []
        if people and rng.random() < 0.7:
            due = day + days(rng.randint(5, 14))
            answered = None
            if due <= TODAY and rng.random() < 0.7:
                answered = clamp(due - days(rng.randint(0, 4)), day, TODAY)
            text = rng.choice(QUESTIONS[acct.lang])
            questions.append(Question(text, rng.choice(people), due, answered))
        notes = rng.sample(MEETING_NOTES[acct.lang], rng.randint(2, 3))
        meeting = Meeting(
            ident,
            title,
            day,
            kind,
            attendees,
            decisions,
            questions,
            actions,
            [(brief.id, str(brief.approved_by))] if brief else [],
            [n.format(**fmt) for n in notes],
        )
        if kind == "internal":
            meeting.visibility = "internal"
            budget = rng.randint(12, 40) * 10
            meeting.internal = {
                "hours_budget": budget,
                "hours_forecast": round(budget * rng.uniform(0.9, 1.25)),
            }
        acct.meetings.append(meeting)


def plan_reports(acct: Account, rng: random.Random, count: int) -> None:
    vi = acct.lang == "vi"
    taken: set[str] = set()
    first = min(acct.start + days(25), TODAY - days(3))
    pool = sorted({between(rng, first, TODAY - days(1)) for _ in range(count * 3)})
    dates = sorted(rng.sample(pool, min(count, len(pool))))
    while len(dates) < count:
        dates.append(TODAY - days(len(dates) + 1))
    span = max(1, (acct.end - acct.start).days)
    for k, day in enumerate(sorted(dates)):
        progress = min(1.1, (day - acct.start).days / span * rng.uniform(0.9, 1.6))
        results = []
        for o in acct.objectives:
            actual: float = o["target"] * progress
            actual = round(actual, 1) if o["unit"] == "%" else int(round(actual, -2) or 100)
            pct = round(100 * actual / o["target"])
            note = rng.choice(RESULT_NOTES[acct.lang]).format(pct=pct, **acct.cx)
            results.append((o["id"], actual, note))
        mid = k % 3 == 2
        if vi:
            title = "Báo cáo giữa kỳ" if mid else f"Báo cáo tháng {day.month}/{day.year}"
            slug = f"{day.year}-{day.month:02d}-bao-cao" + ("-giua-ky" if mid else "")
        else:
            title = "Mid-campaign report" if mid else f"Monthly report — {month_word(day, 'en')}"
            slug = f"{day.year}-{day.month:02d}-" + ("mid-campaign" if mid else "monthly-report")
        period_start = max(acct.start, day - days(rng.randint(25, 35)))
        period_end = max(period_start, day - days(rng.randint(1, 3)))
        final = day + days(rng.randint(1, 4))
        report = Report(
            unique_id(slug, taken),
            title,
            day,
            period_start,
            period_end,
            results,
            final if final <= TODAY else None,
        )
        if count >= 3 and k == 0:
            report.visibility = "internal"
            report.title = ("Dự báo nội bộ — " if vi else "Internal forecast — ") + report.title
        acct.reports.append(report)


def plan_notes(acct: Account, rng: random.Random, count: int) -> None:
    vi = acct.lang == "vi"
    lead = acct.lead()
    contact = acct.contacts[0].ref(acct.lang)
    acct.notes.append(
        Note(
            "ke-hoach-tai-khoan" if vi else "account-plan",
            "Kế hoạch tài khoản" if vi else "Account plan",
            acct.created,
            lead.id,
            [b.format(**acct.cx, contact=contact) for b in PLAN_BULLETS[acct.lang]],
            internal={"margin_target": acct.internal["margin_target"]},
            heading="## Mục tiêu tài khoản" if vi else "## Account goals",
        )
    )
    templates = list(NOTES[acct.lang])
    rng.shuffle(templates)
    taken = {acct.notes[0].id}
    for k in range(count - 1):
        head, *bullets = templates[k % len(templates)]
        title, ident = head.split(" | ")
        day = between(rng, acct.start + days(10), TODAY - days(1))
        fmt = {
            **acct.cx,
            "m": day.month,
            "month": MONTHS_EN[day.month - 1].lower(),
            "Month": MONTHS_EN[day.month - 1],
            "contact": contact,
            "contact_cap": cap(contact),
            "member": acct.member("creative").given,
            "margin": round(100 * float(str(acct.internal["margin_target"]))),
        }
        note = Note(
            unique_id(ident.format(**fmt), taken),
            title.format(**fmt),
            day,
            rng.choice([lead.id, acct.ae().id]),
            [b.format(**fmt) for b in bullets],
        )
        if k % 2 == 0:
            note.internal = {"margin_forecast": round(rng.uniform(0.22, 0.42), 2)}
        if day < TODAY:
            later = sorted(between(rng, day + days(1), TODAY) for _ in range(rng.randint(0, 2)))
            note.updates = [(d, rng.choice(LOG_ENTRIES[acct.lang]).format(**fmt)) for d in later]
        acct.notes.append(note)


def plan_risks(acct: Account, rng: random.Random) -> None:
    vi = acct.lang == "vi"
    rows = RISKS[acct.lang]
    catalog = [(*rows[i].split(" | "), rows[i + 1]) for i in range(0, len(rows), 2)]
    team = [p.id for p in acct.team]
    taken: set[str] = set()
    for ident, title, mitigation in rng.sample(catalog, rng.randint(1, 3)):
        raised = between(rng, acct.start + days(3), TODAY - days(1))
        options = ["open", "mitigated", "closed", "escalated"]
        status = rng.choices(options, [0.5, 0.25, 0.15, 0.1])[0]
        changed = between(rng, raised + days(1), TODAY) if status != "open" else None
        acct.risks.append(
            Risk(
                unique_id(ident, taken),
                title,
                rng.choice(["low", "medium", "high"]),
                rng.choice(team),
                mitigation,
                raised,
                status,
                changed,
            )
        )
    pct = rng.randint(8, 25)
    title = (
        f"Giờ làm phần sản xuất đang vượt dự toán khoảng {pct}%"
        if vi
        else f"Production hours are running about {pct}% over budget"
    )
    mitigation = (
        "Gộp lịch quay và dùng chung ê-kíp; báo lại nếu vượt 20%"
        if vi
        else "Combine shoot days and share the crew; flag it if it passes 20%"
    )
    budget = rng.randint(15, 60) * 10
    acct.risks.append(
        Risk(
            unique_id("vuot-gio-san-xuat" if vi else "production-hours", taken),
            title,
            "medium",
            acct.lead().id,
            mitigation,
            between(rng, acct.start + days(10), TODAY - days(1)),
            "open",
            None,
            "internal",
            {"hours_budget": budget, "hours_forecast": round(budget * (1 + pct / 100))},
        )
    )


def size_scope(acct: Account, rng: random.Random) -> None:
    """Contract quantities large enough for every version of every brief, cancelled included."""
    near = rng.random() < 0.06  # a few accounts are close to the limit (SCOPE004)
    decided = {c.id: c.status for c in acct.changes}
    added: dict[str, int] = {}
    for c in acct.changes:
        if c.status == "approved":
            added[c.scope] = added.get(c.scope, 0) + c.quantity
    for k, item in enumerate(acct.scope):
        base = [b for b in acct.briefs if b.scope == item["id"] and b.change is None]
        ever = sum(b.quantity for b in base)
        if not ever:
            item["quantity"] = rng.randint(2, 12)
            continue
        used = sum(b.quantity for b in base if b.status != "cancelled")
        if near and k == 0:
            item["quantity"] = max(ever, -(-used * 100 // rng.randint(90, 100)))
            continue
        quantity = -(-ever * 100 // rng.randint(55, 85)) + rng.randint(0, 2)
        used += sum(
            b.quantity
            for b in acct.briefs
            if b.scope == item["id"] and b.change and decided[b.change] == "approved"
        )
        while used >= 0.9 * (quantity + added.get(item["id"], 0)):
            quantity += 1
        item["quantity"] = quantity


def plan_renames(acct: Account, rng: random.Random) -> None:
    """Some files got their final name later (naming conventions, numbering, dates)."""
    suffix = "nhap" if acct.lang == "vi" else "draft"
    folders: dict[str, set[str]] = {
        "briefs": {b.id for b in acct.briefs},
        "changes": {c.id for c in acct.changes},
        "meetings": {m.id for m in acct.meetings},
        "reports": {r.id for r in acct.reports},
    }

    def rename(kind: str, doc: Brief | Change | Meeting | Report, old: str, created: dt.date):
        if rng.random() < 0.1 and old not in folders[kind] and created < TODAY:
            doc.old_id, doc.renamed = old, between(rng, created + days(1), TODAY)
            folders[kind].add(old)

    for b in acct.briefs:
        if not b.referenced and not b.deliverable:
            rename("briefs", b, f"{b.id}-{suffix}", b.created)
    for c in acct.changes:
        if not c.referenced:
            rename("changes", c, c.id.split("-", 2)[2], c.requested_on)
    for m in acct.meetings:
        rename("meetings", m, m.id[11:], min(m.date + days(1), TODAY))
    for r in acct.reports:
        rename("reports", r, r.id[8:], r.date)


# ---------------------------------------------------------------------------------------------
# Bodies
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Rendering the files
# ---------------------------------------------------------------------------------------------


def front(kind: str, lines: list[str], body: str) -> str:
    return "---\n" + SCHEMA.format(kind) + "\n" + "".join(lines) + "---\n\n" + body


def internal_block(mapping: dict[str, object]) -> list[str]:
    return ["internal:\n", block_map(mapping)] if mapping else []


def item(pairs: Iterable[tuple[str, object]], indent: int = 2) -> str:
    return " " * indent + "- " + flow_map(pairs) + "\n"


def render_account(acct: Account, st: dict[str, Any]) -> str:
    out = [
        "# yaml-language-server: $schema=../../docs/schemas/account.schema.json\n",
        f"name: {q(acct.name, False)}\nlanguage: {acct.lang}\n\nclient:\n",
        f"  company: {q(acct.company, False)}\n  website: https://{acct.domain}\n  contacts:\n",
    ]
    for p in acct.contacts:
        approver = True if p.approver else None
        out.append(
            item(
                [
                    ("id", p.id),
                    ("name", p.name),
                    ("role", p.role),
                    ("email", p.email),
                    ("phone", p.phone),
                    ("approver", approver),
                ],
                4,
            )
        )
    out.append("\nteam:\n")
    for p in acct.team:
        out.append(item([("id", p.id), ("name", p.name), ("role", p.role), ("email", p.email)]))
    out.append(
        f"\ncontract:\n  id: {acct.contract_id}\n  start: {acct.start}\n  end: {acct.end}\n"
        f"  value: {acct.value}\n  currency: {acct.currency}\n  renewal: {st['renewal']}\n"
        f"\napproval:\n  approvers: {flow_list(acct.approvers)}\n  sla_days: {acct.sla_days}\n"
        f"  channel: {q(acct.channel, False)}\n\nobjectives:\n"
    )
    out.extend(item(o.items()) for o in acct.objectives)
    out.append("\nscope:\n")
    out.extend(item(s.items()) for s in acct.scope)
    out.append("\ninputs:\n")
    for k, (what, owner, due, received) in enumerate(acct.inputs):
        got = received if k in st["received"] else None
        out.append(item([("item", what), ("owner", owner), ("due", due), ("received", got)]))
    surveys = [s for _, pair in acct.surveys[: st["surveys"]] for s in pair]
    out.append("\nsurveys:\n" if surveys else "\nsurveys: []\n")
    out.extend(item(s.items()) for s in surveys)
    out.append("\n")
    out.extend(internal_block(acct.internal))
    return "".join(out)


def render_timeline(acct: Account, st: dict[str, Any]) -> str:
    out = [
        "# yaml-language-server: $schema=../../docs/schemas/timeline.schema.json\n",
        "milestones:\n",
    ]
    for k, m in enumerate(acct.milestones):
        seen = st["milestones"].get(m.id, {})
        if k == 0:  # short enough for one line
            out.append(
                item(
                    [
                        ("id", m.id),
                        ("title", m.title),
                        ("phase", m.phase),
                        ("owner", m.owner),
                        ("start", m.start),
                        ("due", m.due),
                        ("done", seen.get("done")),
                    ]
                )
                + "\n"
            )
            continue
        out.append(
            f"  - id: {m.id}\n    title: {q(m.title, False)}\n    phase: {m.phase}\n"
            f"    owner: {m.owner}\n    start: {m.start}\n    due: {m.due}\n"
        )
        if seen.get("done"):
            out.append(f"    done: {seen['done']}\n")
        if m.depends_on:
            out.append(f"    depends_on: {flow_list(m.depends_on)}\n")
        if m.deliverables:
            out.append(f"    deliverables: {flow_list(m.deliverables)}\n")
        if m.approver:
            approval = [
                ("by", m.approver),
                ("sent", seen.get("sent")),
                ("approved", seen.get("approved")),
            ]
            out.append(f"    approval: {flow_map(approval)}\n")
        if m.internal:
            out.append(f"    internal: {flow_map(m.internal.items())}\n")
        out.append("\n")
    risks = [r for r in acct.risks if r.id in st["risks"]]
    out.append("risks:\n" if risks else "risks: []\n")
    for r in risks:
        out.append(
            f"  - id: {r.id}\n    title: {q(r.title, False)}\n    impact: {r.impact}\n"
            f"    owner: {r.owner}\n    mitigation: {q(r.mitigation, False)}\n"
            f"    status: {st['risks'][r.id]}\n    raised: {r.raised}\n"
        )
        if r.visibility != "client":
            out.append(f"    visibility: {r.visibility}\n")
        if r.internal:
            out.append(f"    internal: {flow_map(r.internal.items())}\n")
        out.append("\n")
    return "".join(out).rstrip("\n") + "\n"


def render_brief(acct: Account, st: dict[str, Any]) -> str:
    b: Brief = st["brief"]
    lines = [f"title: {q(b.title, False)}\n"]
    if b.scope:
        lines.append(f"scope: {b.scope}\nquantity: {b.quantity}\n")
    if b.change:
        lines.append(f"change: {b.change}\n")
    lines.append(f"status: {st['status']}\nowner: {b.owner}\ndue: {b.due}\n")
    if st["delivered_on"]:
        lines.append(f"delivered_on: {st['delivered_on']}\n")
    lines.append(f"objectives: {flow_list(b.objectives)}\n")
    if st["revisions"]:
        lines.append("revisions:\n")
        for k, (day, summary) in enumerate(st["revisions"], 1):
            lines.append(item([("round", k), ("date", day), ("summary", summary)]))
    if st["approved_on"]:
        lines.append(f"approved_by: {b.approved_by}\napproved_on: {st['approved_on']}\n")
    if b.visibility != "client":
        lines.append(f"visibility: {b.visibility}\n")
    lines.extend(internal_block(b.internal))
    return front("brief", lines, sections_text(st["sections"], st["choice"]) + "\n")


def render_change(acct: Account, st: dict[str, Any]) -> str:
    c: Change = st["change"]
    lines = [
        f"title: {q(c.title, False)}\nrequested_by: {c.requested_by}\n",
        f"requested_on: {c.requested_on}\nadds:\n",
        item([("scope", c.scope), ("quantity", c.quantity)]),
        f"cost: {c.cost}\ncurrency: {acct.currency}\ntimeline_impact_days: {c.impact}\n",
        f"status: {st['status']}\n",
    ]
    if st["status"] in ("approved", "rejected"):
        lines.append(f"decided_by: {c.decided_by}\ndecided_on: {c.decided_on}\n")
    if c.visibility != "client":
        lines.append(f"visibility: {c.visibility}\n")
    lines.extend(internal_block(c.internal))
    return front("change", lines, change_body(acct, c))


def render_meeting(acct: Account, st: dict[str, Any]) -> str:
    m: Meeting = st["meeting"]
    lines = [f"title: {q(m.title, False)}\ndate: {m.date}\n"]
    if m.visibility != "client":
        lines.append(f"visibility: {m.visibility}\n")
    lines.append(f"attendees: {flow_list(m.attendees)}\ndecisions:\n")
    lines.extend(f"  - {q(d, False)}\n" for d in m.decisions)
    if m.approvals:
        lines.append("approvals:\n")
        lines.extend(item([("document", d), ("by", by)]) for d, by in m.approvals)
    if m.questions:
        lines.append("open_questions:\n")
        for k, x in enumerate(m.questions):
            answered = x.answered if k in st["answered"] else None
            lines.append(
                item(
                    [
                        ("question", x.question),
                        ("owner", x.owner),
                        ("due", x.due),
                        ("answered", answered),
                    ]
                )
            )
    lines.append("actions:\n")
    for k, a in enumerate(m.actions):
        done = a.done if k in st["done"] else None
        lines.append(item([("task", a.task), ("owner", a.owner), ("due", a.due), ("done", done)]))
    lines.extend(internal_block(m.internal))
    return front("meeting", lines, meeting_body(acct, m, st["extra"]))


def render_report(acct: Account, st: dict[str, Any]) -> str:
    r: Report = st["report"]
    lines = [f"title: {q(r.title, False)}\ndate: {r.date}\n"]
    if r.visibility != "client":
        lines.append(f"visibility: {r.visibility}\n")
    lines.append(f"period_start: {r.period_start}\nperiod_end: {r.period_end}\nresults:\n")
    for objective, actual, note in r.results:
        note_or_none = note if st["final"] else None
        lines.append(item([("objective", objective), ("actual", actual), ("note", note_or_none)]))
    return front("report", lines, report_body(acct, r, st["final"]))


def render_note(acct: Account, st: dict[str, Any]) -> str:
    n: Note = st["note"]
    lines = [f"title: {q(n.title, False)}\ndate: {n.date}\nauthor: {n.author}\n"]
    lines.extend(internal_block(n.internal))
    body = (n.heading + "\n\n" if n.heading else "") + "".join(f"- {b}\n" for b in n.bullets)
    if st["log"]:
        body += "\n## Nhật ký\n\n" if acct.lang == "vi" else "\n## Log\n\n"
        body += "".join(f"- {day_month(d, acct.lang)}: {text}\n" for d, text in st["log"])
    return front("note", lines, body)


# ---------------------------------------------------------------------------------------------
# Files as chains of versions
# ---------------------------------------------------------------------------------------------


@dataclass
class Version:
    date: dt.date
    prio: int  # order of versions of different files on the same day (references first)
    message: str
    author: str
    state: dict[str, Any] | None  # None: the file is renamed
    approval: Person | None = None  # the client approver this version records
    rejected: bool = False
    create: bool = False  # part of the commit that adds the account


Event = tuple[dt.date, int, int, tuple[Any, ...]]  # date, prio, rank on the same day, what


class Doc:
    """One file of an account and its versions, oldest first."""

    def __init__(
        self,
        acct: Account,
        kind: str,
        ident: str,
        render: Callable[[Account, dict[str, Any]], str],
        old: str | None = None,
    ) -> None:
        self.acct, self.kind, self.id, self.render, self.old = acct, kind, ident, render, old
        self.versions: list[Version] = []
        self.rename_at: int | None = None

    def path(self, ident: str) -> str:
        base = f"accounts/{self.acct.slug}"
        if self.kind in ("account", "timeline"):
            return f"{base}/{self.kind}.yml"
        return f"{base}/{self.kind}/{ident}.md"

    def path_at(self, k: int) -> str:
        if self.old and self.rename_at is not None and k < self.rename_at:
            return self.path(self.old)
        return self.path(self.id)

    def add(self, date: dt.date, prio: int, message: str, author: str, **kw: Any) -> None:
        if self.versions:
            last = self.versions[-1]
            date = max(date, last.date)
            if date == last.date:
                prio = max(prio, last.prio)
        if "state" in kw and kw["state"] is None:
            self.rename_at = len(self.versions)
        self.versions.append(Version(date, prio, message, author, **kw))

    def text(self, k: int) -> str:
        state = self.versions[k].state
        assert state is not None
        return self.render(self.acct, state)


def in_order(events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (e[0], e[2]))


def account_docs(acct: Account) -> list[Doc]:
    """Every file of the account as a chain of versions in date order."""
    docs = [account_yml_doc(acct), timeline_doc(acct)]
    docs += [brief_doc(acct, b) for b in acct.briefs]
    docs += [change_doc(acct, c) for c in acct.changes]
    docs += [meeting_doc(acct, m) for m in acct.meetings]
    docs += [report_doc(acct, r) for r in acct.reports]
    docs += [note_doc(acct, n) for n in acct.notes]
    return docs


def account_yml_doc(acct: Account) -> Doc:
    doc = Doc(acct, "account", "account", render_account)
    author = acct.ae().id
    st: dict[str, Any] = {"received": frozenset(), "surveys": 0, "renewal": "not_started"}
    doc.add(acct.created, 0, "", acct.lead().id, state=st, create=True)
    events: list[Event] = []
    for k, (what, _owner, _due, received) in enumerate(acct.inputs):
        if received:
            events.append((received, 6, 0, ("input", k, what)))
    for k, (day, _pair) in enumerate(acct.surveys):
        events.append((day, 6, 1, ("survey", k + 1, day)))
    if acct.renewal_on:
        events.append((max(acct.renewal_on, acct.created + days(1)), 6, 2, ("renewal",)))
    for day, prio, _, ev in in_order(events):
        st = dict(st)
        if ev[0] == "input":
            st["received"] = st["received"] | {ev[1]}
            message = f"{acct.name}: client input received ({lower_first(ev[2])})"
        elif ev[0] == "survey":
            st["surveys"] = ev[1]
            message = f"{acct.name}: CSAT and NPS of {ev[2].isoformat()}"
        else:
            st["renewal"] = acct.renewal
            message = f"{acct.name}: renewal {acct.renewal.replace('_', ' ')}"
        doc.add(day, prio, message, author, state=st)
    return doc


def timeline_doc(acct: Account) -> Doc:
    doc = Doc(acct, "timeline", "timeline", render_timeline)
    author = acct.ae().id
    people = acct.people
    st: dict[str, Any] = {"milestones": {}, "risks": {}}
    doc.add(acct.created, 0, "", acct.lead().id, state=st, create=True)
    events: list[Event] = []
    for m in acct.milestones:
        for rank, what in enumerate(("sent", "approved", "done")):
            if getattr(m, what):
                events.append((getattr(m, what), 6, rank, (what, m)))
    for r in acct.risks:
        events.append((r.raised, 6, 3, ("risk", r)))
        if r.changed:
            events.append((r.changed, 6, 4, ("risk-status", r)))
    for day, prio, _, (what, x) in in_order(events):
        st = {"milestones": dict(st["milestones"]), "risks": dict(st["risks"])}
        approval = None
        if what in ("sent", "approved", "done"):
            st["milestones"][x.id] = {**st["milestones"].get(x.id, {}), what: getattr(x, what)}
            if what == "sent":
                message = f"Send milestone {x.id} for approval"
            elif what == "approved":
                approval = people[str(x.approver)]
                message = f"Milestone {x.id} approved by {approval.name}"
            else:
                message = f"Mark milestone {x.id} done"
        elif what == "risk":
            st["risks"][x.id] = "open"
            message = f"Add risk {x.id}"
        else:
            st["risks"][x.id] = x.status
            message = f"Risk {x.id}: {x.status}"
        doc.add(day, prio, message, author, state=st, approval=approval)
    return doc


def brief_doc(acct: Account, b: Brief) -> Doc:
    doc = Doc(acct, "briefs", b.id, render_brief, b.old_id)
    rng = random.Random(b.template * 7 + 1)
    sections = brief_sections(acct, b)
    shown = min(3, len(sections))  # a first draft has the first sections only
    st: dict[str, Any] = {
        "brief": b,
        "status": "draft",
        "revisions": (),
        "sections": sections,
        "choice": tuple([0] * shown + [-1] * (len(sections) - shown)),
        "approved_on": None,
        "delivered_on": None,
    }
    events: list[Event] = [(b.created, 2, 0, ("create",))]
    if b.review:
        events.append((b.review, 4, 1, ("review",)))
    events += [(day, 4, 2, ("revision", k, s)) for k, (day, s) in enumerate(b.revisions, 1)]
    events += [(day, 4, 3, ("edit",)) for day in b.edits]
    if b.first_approval and b.reopened:
        events.append((b.first_approval, 4, 4, ("approve", b.first_approval)))
        events.append((b.reopened, 4, 5, ("reopen",)))
    if b.approved_on:
        events.append((b.approved_on, 4, 6, ("approve", b.approved_on)))
    if b.produced:
        events.append((b.produced, 5, 7, ("status", "in_production")))
    if b.delivered_on:
        events.append((b.delivered_on, 5, 8, ("status", "delivered")))
    if b.cancelled:
        events.append((b.cancelled, 5, 8, ("status", "cancelled")))
    if b.stale_edit:
        events.append((b.stale_edit, 5, 9, ("edit",)))
    if b.renamed:
        events.append((b.renamed, 5, 10, ("rename",)))
    for day, prio, _, ev in in_order(events):
        what = ev[0]
        if what == "rename":
            doc.add(day, prio, f"Rename brief {b.old_id} to {b.id}", b.owner, state=None)
            continue
        st = dict(st)
        approval = None
        if what == "create":
            message = f"Add brief {b.id}"
        elif what == "review":
            st["status"], st["choice"] = "in_review", tuple([0] * len(sections))
            message = f"Send {b.id} for client review"
        elif what == "revision":
            st["revisions"] = (*st["revisions"], (day, ev[2]))
            st["choice"] = tweak(rng, st["choice"], sections)
            message = f"Revise {b.id} (round {ev[1]}): {lower_first(ev[2])}"
        elif what == "edit":
            before = tuple(max(c, 0) for c in st["choice"])
            st["choice"] = tweak(rng, before, sections)
            changed = next((i for i, c in enumerate(before) if c != st["choice"][i]), 0)
            message = EDIT_MESSAGES[changed % len(EDIT_MESSAGES)].format(id=b.id)
        elif what == "approve":
            st["status"], st["approved_on"] = "approved", ev[1]
            approval = acct.people[str(b.approved_by)]
            message = f"Approve brief {b.id}: {b.title}"
        elif what == "reopen":
            st["status"], st["approved_on"] = "in_review", None
            st["choice"] = tweak(rng, st["choice"], sections)
            message = f"Rework {b.id} after the client's comments; back to review"
        else:
            st["status"] = ev[1]
            if ev[1] == "delivered":
                st["delivered_on"] = b.delivered_on
            message = {
                "in_production": f"Move {b.id} to production",
                "delivered": f"Mark {b.id} delivered",
                "cancelled": f"Cancel {b.id}",
            }[ev[1]]
        create = what == "create" and b.deliverable
        doc.add(day, prio, message, b.owner, state=st, approval=approval, create=create)
    return doc


def tweak(
    rng: random.Random, choice: tuple[int, ...], sections: list[tuple[str, list[str]]]
) -> tuple[int, ...]:
    """The same body with one section switched to another of its texts."""
    options = [k for k, (_, texts) in enumerate(sections) if len(texts) > 1 and choice[k] >= 0]
    if not options:
        return choice
    k = rng.choice(options)
    out = list(choice)
    out[k] = (out[k] + 1) % len(sections[k][1])
    return tuple(out)


def change_doc(acct: Account, c: Change) -> Doc:
    doc = Doc(acct, "changes", c.id, render_change, c.old_id)
    author = acct.ae().id
    st: dict[str, Any] = {"change": c, "status": "proposed"}
    events: list[Event] = [(c.requested_on, 1, 0, ("create",))]
    if c.decided_on:
        events.append((c.decided_on, 3, 1, ("decide",)))
    if c.renamed:
        events.append((c.renamed, 3, 2, ("rename",)))
    for day, prio, _, ev in in_order(events):
        if ev[0] == "rename":
            doc.add(day, prio, f"Rename change request {c.old_id} to {c.id}", author, state=None)
        elif ev[0] == "create":
            doc.add(day, prio, f"Add change request {c.id}", author, state=st)
        elif c.status == "withdrawn":
            st = {**st, "status": c.status}
            doc.add(day, prio, f"Withdraw change request {c.id}", author, state=st)
        else:
            st = {**st, "status": c.status}
            verb = "Approve" if c.status == "approved" else "Reject"
            doc.add(
                day,
                prio,
                f"{verb} change request {c.id}: {c.title}",
                author,
                state=st,
                approval=acct.people[str(c.decided_by)],
                rejected=c.status == "rejected",
            )
    return doc


def meeting_doc(acct: Account, m: Meeting) -> Doc:
    doc = Doc(acct, "meetings", m.id, render_meeting, m.old_id)
    author = acct.ae().id
    written = min(m.date + days(1), TODAY)
    done = frozenset(k for k, a in enumerate(m.actions) if a.done and a.done <= written)
    answered = frozenset(
        k for k, x in enumerate(m.questions) if x.answered and x.answered <= written
    )
    st: dict[str, Any] = {"meeting": m, "done": done, "answered": answered, "extra": 0}
    events: list[Event] = [(written, 6, 0, ("create",))]
    events += [
        (a.done, 7, 1, ("done", k)) for k, a in enumerate(m.actions) if a.done and k not in done
    ]
    events += [
        (x.answered, 7, 1, ("answered", k))
        for k, x in enumerate(m.questions)
        if x.answered and k not in answered
    ]
    if len(m.notes) > 2 and written < TODAY:
        later = between(random.Random(m.id), written + days(1), TODAY)
        events.append((later, 7, 2, ("note",)))
    if m.renamed:
        events.append((max(m.renamed, written), 7, 3, ("rename",)))
    for day, prio, _, ev in in_order(events):
        if ev[0] == "rename":
            doc.add(day, prio, f"Rename meeting notes {m.old_id} to {m.id}", author, state=None)
            continue
        if ev[0] == "create":
            doc.add(day, prio, f"Add meeting notes {m.id}", author, state=st)
            continue
        st = dict(st)
        if ev[0] == "done":
            st["done"] = st["done"] | {ev[1]}
            message = f"Close an action item in {m.id}"
        elif ev[0] == "answered":
            st["answered"] = st["answered"] | {ev[1]}
            message = f"Record the answer to the open question in {m.id}"
        else:
            st["extra"] = 1
            message = f"Add a note to {m.id}"
        doc.add(day, prio, message, author, state=st)
    return doc


def report_doc(acct: Account, r: Report) -> Doc:
    doc = Doc(acct, "reports", r.id, render_report, r.old_id)
    author = acct.ae().id
    events: list[Event] = [(r.date, 6, 0, ("create",))]
    if r.final:
        events.append((r.final, 7, 1, ("final",)))
    if r.renamed:
        events.append((r.renamed, 7, 2, ("rename",)))
    for day, prio, _, ev in in_order(events):
        if ev[0] == "rename":
            doc.add(day, prio, f"Rename report {r.old_id} to {r.id}", author, state=None)
        elif ev[0] == "create":
            doc.add(day, prio, f"Add report {r.id}", author, state={"report": r, "final": False})
        else:
            st = {"report": r, "final": True}
            doc.add(day, prio, f"Finalize report {r.id} with notes per objective", author, state=st)
    return doc


def note_doc(acct: Account, n: Note) -> Doc:
    doc = Doc(acct, "internal", n.id, render_note)
    st: dict[str, Any] = {"note": n, "log": ()}
    create = n.date == acct.created
    doc.add(n.date, 6, f"Add internal note {n.id}", n.author, state=st, create=create)
    for day, entry in n.updates:
        append_log(doc, day, entry)
    return doc


def append_log(doc: Doc, day: dt.date, entry: str) -> None:
    last = doc.versions[-1].state
    assert last is not None
    n: Note = last["note"]
    state = {"note": n, "log": (*last["log"], (day, entry))}
    doc.add(day, 7, f"Update internal note {n.id}", n.author, state=state)


def log_entry(acct: Account, rng: random.Random) -> str:
    contact = acct.contacts[0].ref(acct.lang)
    return rng.choice(LOG_ENTRIES[acct.lang]).format(**acct.cx, contact=contact)


# ---------------------------------------------------------------------------------------------
# Steps (a change to one or more files) and the history
# ---------------------------------------------------------------------------------------------


@dataclass
class Step:
    key: tuple[dt.date, int, int, int]
    acct: Account
    ops: list[tuple[str, str, Any]]  # ("M", path, (doc, k)) or ("R", old path, new path)
    message: str
    author: str
    approvals: list[tuple[Person, bool]]  # (client approver, rejected)
    rename: bool = False

    @property
    def date(self) -> dt.date:
        return self.key[0]


def account_steps(acct: Account, docs: list[Doc]) -> list[Step]:
    """The account's changes in order: its creation, then every later version of every file."""
    create = Step((acct.created, 0, 0, 0), acct, [], f"Add account {acct.slug}", acct.lead().id, [])
    steps = [create]
    for order, doc in enumerate(docs):
        for k, v in enumerate(doc.versions):
            if v.create:
                create.ops.append(("M", doc.path_at(k), (doc, k)))
                continue
            if v.state is None:
                assert doc.old is not None
                ops: list[tuple[str, str, Any]] = [("R", doc.path(doc.old), doc.path(doc.id))]
            else:
                ops = [("M", doc.path_at(k), (doc, k))]
            approvals = [(v.approval, v.rejected)] if v.approval else []
            key = (v.date, v.prio, order, k)
            steps.append(Step(key, acct, ops, v.message, v.author, approvals, v.state is None))
    steps.sort(key=lambda s: s.key)
    return steps


@dataclass
class Commit:
    mark: int
    ref: str
    parent: int | None
    merge: int | None
    author: tuple[str, str]
    committer: tuple[str, str]
    message: str
    ops: list[str]
    blobs: list[bytes]
    day: dt.date
    when: int = 0


@dataclass
class PullRequest:
    number: int
    acct: Account
    branch: str
    tip: int
    planned: int
    opened: dt.date
    commits: int = 0
    steps: list[Step] = field(default_factory=list)
    changes: dict[str, str | None] = field(default_factory=dict)  # path -> content or deleted


class History:
    """The fast-import stream: blobs, commits and the main line's tree as it grows."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.mark = 0
        self.blobs: dict[str, int] = {}
        self.commits: list[Commit] = []
        self.tree: dict[str, str] = {}  # the main line: path -> content
        self.main: int | None = None
        self.day = dt.date(2000, 1, 1)
        self.pr_number = 0
        self.kinds = {"merge": 0, "branch": 0, "squash": 0, "direct": 0}
        self.renames = 0
        self.approvals = 0

    def next_mark(self) -> int:
        self.mark += 1
        return self.mark

    def blob(self, content: str, pending: list[bytes]) -> int:
        mark = self.blobs.get(content)
        if mark is None:
            mark = self.next_mark()
            data = content.encode("utf-8")
            pending.append(b"blob\nmark :%d\ndata %d\n%s\n" % (mark, len(data), data))
            self.blobs[content] = mark
        return mark

    def apply(
        self, steps: Sequence[Step], view: dict[str, str | None]
    ) -> tuple[list[str], list[bytes]]:
        """File commands for ``steps``; ``view`` (over the main tree) gets the new contents."""
        ops: list[str] = []
        pending: list[bytes] = []
        for step in steps:
            for op, path, what in step.ops:
                if op == "M":
                    doc, k = what
                    content = doc.text(k)
                    ops.append(f"M 100644 :{self.blob(content, pending)} {path}\n")
                    view[path] = content
                else:
                    content = view[path] if path in view else self.tree[path]
                    assert content is not None
                    ops.append(f"R {path} {what}\n")
                    view[path], view[what] = None, content
                    self.renames += 1
            self.approvals += sum(1 for _ in step.approvals)
        return ops, pending

    def commit(
        self,
        ref: str,
        parent: int | None,
        author: Person | tuple[str, str],
        message: str,
        ops: list[str],
        blobs: list[bytes],
        day: dt.date,
        merge: int | None = None,
        committer: tuple[str, str] | None = None,
    ) -> int:
        self.day = max(self.day, day)
        who = (author.name, author.email) if isinstance(author, Person) else author
        mark = self.next_mark()
        self.commits.append(
            Commit(mark, ref, parent, merge, who, committer or who, message, ops, blobs, self.day)
        )
        return mark

    def update_tree(self, view: dict[str, str | None]) -> None:
        for path, content in view.items():
            if content is None:
                self.tree.pop(path, None)
            else:
                self.tree[path] = content

    def on_main(self, steps: Sequence[Step], kind: str) -> None:
        """A squash merge or a direct commit on the main line."""
        view: dict[str, str | None] = {}
        ops, blobs = self.apply(steps, view)
        self.update_tree(view)
        first, rest = steps[0], [s.message for s in steps[1:]]
        author = STAFF[first.author]
        day = steps[0].date  # the steps follow within days
        if kind == "squash":
            self.pr_number += 1
            title = first.message if not rest else f"{first.message} (+{len(rest)} more)"
            message = f"{title} (#{self.pr_number})\n"
            if rest:
                message += "\n" + "".join(f"* {m}\n" for m in (first.message, *rest))
            others = unique(STAFF[s.author] for s in steps if s.author != first.author)
            if others:
                message += "\n" + "".join(f"Co-authored-by: {p.ident}\n" for p in others)
            self.main = self.commit(
                "refs/heads/main", self.main, author, message, ops, blobs, day, committer=GITHUB
            )
        else:
            message = first.message + "\n"
            if rest:
                message += "\n" + "".join(f"- {m}\n" for m in rest)
            approvers = unique(p for s in steps for p in s.approvals)
            if approvers:  # as `aeportal approve` writes it
                message += "\n" + "".join(
                    f"{'Rejected-by' if rejected else 'Approved-by'}: {p.ident}\n"
                    for p, rejected in approvers
                )
                message += "Approval-via: email\n"
                approved = [op for s in steps if s.approvals for op in s.ops if op[0] == "M"]
                if len(approved) == 1 and approved[0][2][0].kind in ("briefs", "changes"):
                    doc, k = approved[0][2]
                    message += f"Content-hash: {content_hash(doc.text(k))}\n"
            self.main = self.commit("refs/heads/main", self.main, author, message, ops, blobs, day)
        self.kinds[kind] += 1

    def open_pr(self, steps: Sequence[Step], planned: int) -> PullRequest:
        self.pr_number += 1
        acct = steps[0].acct
        topic = slugify(steps[0].message).removeprefix(acct.slug + "-")
        branch = f"{acct.slug[:24].strip('-')}/{'-'.join(topic.split('-')[:6]) or 'update'}"
        pr = PullRequest(self.pr_number, acct, branch, self.main or 0, planned, steps[0].date)
        self.pr_commit(pr, steps)
        return pr

    def pr_commit(self, pr: PullRequest, steps: Sequence[Step]) -> None:
        ops, blobs = self.apply(steps, pr.changes)
        message = steps[0].message + "\n"
        if len(steps) > 1:
            message += "\n" + "".join(f"- {s.message}\n" for s in steps[1:])
        day = steps[0].date  # the steps follow within days
        ref = f"refs/pull/{pr.number}/head"
        pr.tip = self.commit(ref, pr.tip, STAFF[steps[0].author], message, ops, blobs, day)
        pr.commits += 1
        pr.steps.extend(steps)
        self.kinds["branch"] += 1

    def merge_pr(self, pr: PullRequest) -> None:
        """A two-parent merge; its tree is the main line's plus the branch's changes."""
        ops: list[str] = []
        blobs: list[bytes] = []
        for path, content in pr.changes.items():
            if content is not None:
                ops.append(f"M 100644 :{self.blob(content, blobs)} {path}\n")
            elif path in self.tree:
                ops.append(f"D {path}\n")
        self.update_tree(pr.changes)
        title = pr.steps[0].message
        if len(pr.steps) > 1:
            title = f"{pr.acct.name}: {lower_first(title)} (+{len(pr.steps) - 1} more)"
        message = f"Merge pull request #{pr.number} from agency/{pr.branch}\n\n{title}\n"
        self.main = self.commit(
            "refs/heads/main",
            self.main,
            pr.acct.lead(),
            message,
            ops,
            blobs,
            self.day,
            merge=pr.tip,
            committer=GITHUB,
        )
        self.kinds["merge"] += 1

    def stream(self) -> bytes:
        """The fast-import stream; each day's commits are spread over working hours."""
        by_day: dict[dt.date, list[Commit]] = {}
        for c in self.commits:
            by_day.setdefault(c.day, []).append(c)
        for day, group in by_day.items():
            span = max(1, 11 * 3600 // len(group))
            midnight = int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())
            for j, c in enumerate(group):
                c.when = midnight - TZ_SECONDS + 8 * 3600 + j * span + self.rng.randrange(span)
        out: list[bytes] = []
        for c in self.commits:
            out.extend(c.blobs)
            message = c.message.encode("utf-8")
            header = (
                f"commit {c.ref}\nmark :{c.mark}\n"
                f"author {c.author[0]} <{c.author[1]}> {c.when} {TZ}\n"
                f"committer {c.committer[0]} <{c.committer[1]}> {c.when} {TZ}\n"
            )
            out.append(header.encode("utf-8") + b"data %d\n%s\n" % (len(message), message))
            if c.parent:
                out.append(b"from :%d\n" % c.parent)
            if c.merge:
                out.append(b"merge :%d\n" % c.merge)
            out.append("".join(c.ops).encode("utf-8") + b"\n")
        return b"".join(out)


def build_history(
    accounts: list[Account], all_docs: dict[str, list[Doc]], commits: int, rng: random.Random
) -> History:
    steps = {a.slug: account_steps(a, all_docs[a.slug]) for a in accounts}
    r = commits - 1  # commits still to make after the import
    total = sum(len(s) for s in steps.values())
    target = int(r * STEPS_PER_COMMIT)
    dates = sorted(s.date for ss in steps.values() for s in ss)
    cutoff = dates[total - target] if total > target else dates[0]
    h = History(rng)

    # The initial import: every account as it stood before the cutoff.
    latest: dict[str, tuple[Doc, int]] = {}
    queues: dict[str, list[Step]] = {}
    for acct in accounts:
        queues[acct.slug] = [s for s in steps[acct.slug] if s.date >= cutoff]
        for s in steps[acct.slug]:
            if s.date >= cutoff:
                break
            for op, path, what in s.ops:
                if op == "M":
                    latest[path] = what
                else:
                    latest[what] = latest.pop(path)
    view: dict[str, str | None] = {"README.md": README}
    view.update({path: latest[path][0].text(latest[path][1]) for path in sorted(latest)})
    blobs: list[bytes] = []
    ops = [f"M 100644 :{h.blob(str(text), blobs)} {path}\n" for path, text in view.items()]
    h.update_tree(view)
    imported = [s.date for ss in steps.values() for s in ss if s.date < cutoff]
    message = "Import the client accounts\n"
    h.main = h.commit(
        "refs/heads/main", None, STAFF["ha"], message, ops, blobs, max(imported, default=cutoff)
    )

    order = {a.slug: a.index for a in accounts}
    heap = [(q[0].key[:2], order[slug], slug) for slug, q in queues.items() if q]
    heapq.heapify(heap)
    pos = dict.fromkeys(queues, 0)
    left = sum(len(q) for q in queues.values())
    plan_docs = {
        a.slug: next(d for d in all_docs[a.slug] if d.kind == "internal") for a in accounts
    }
    prs: dict[str, PullRequest] = {}

    def filler() -> None:
        """One more entry in an account plan's log, when the planned steps ran out."""
        nonlocal left
        slug = rng.choice(sorted(queues))
        doc = plan_docs[slug]
        append_log(doc, min(max(h.day, doc.versions[-1].date), TODAY), log_entry(doc.acct, rng))
        k = len(doc.versions) - 1
        v = doc.versions[k]
        step = Step(
            (v.date, v.prio, 99, k),
            doc.acct,
            [("M", doc.path_at(k), (doc, k))],
            v.message,
            v.author,
            [],
        )
        queues[slug].append(step)
        left += 1
        if pos[slug] == len(queues[slug]) - 1:
            heapq.heappush(heap, (step.key[:2], order[slug], slug))

    def take(slug: str, n: int, window: int) -> list[Step]:
        """The next ``n`` steps of an account (fewer across a rename or a long gap)."""
        nonlocal left
        q, i = queues[slug], pos[slug]
        out = [q[i]]
        i += 1
        while (
            not out[0].rename
            and len(out) < n
            and i < len(q)
            and not q[i].rename
            and (q[i].date - out[0].date).days <= window
        ):
            out.append(q[i])
            i += 1
        pos[slug] = i
        left -= len(out)
        if i < len(q):
            heapq.heappush(heap, (q[i].key[:2], order[slug], slug))
        return out

    while r > 0:
        m = len(prs)
        if prs and r <= m + ENDGAME:
            h.merge_pr(prs.pop(next(iter(prs))))
            r -= 1
            continue
        if r == 1:  # the last commit takes whatever is left
            if left == 0:
                filler()
            rest = [q[i] for slug, q in queues.items() for i in range(pos[slug], len(q))]
            rest.sort(key=lambda s: (s.date, order[s.acct.slug], s.key))
            h.on_main(rest, "squash")
            r -= 1
            break
        if left == 0:
            filler()
        # A pull request is merged within days, when its account has nothing more to add.
        late = [pr for pr in prs.values() if (heap[0][0][0] - pr.opened).days > PR_DAYS]
        if late:
            h.merge_pr(prs.pop(late[0].acct.slug))
            r -= 1
            continue
        _, _, slug = heapq.heappop(heap)
        made = commits - r
        carrying = max(0.5, 1 - h.kinds["merge"] / made)  # commits that carry steps
        x = left / max(1.0, (r - m) * carrying)  # steps per commit to end on time
        n = max(1, int(x) + (1 if rng.random() < x - int(x) else 0))
        group = take(slug, n, 7 if x < 2.5 else 21)
        if slug in prs:
            pr = prs[slug]
            h.pr_commit(pr, group)
            r -= 1
            if pr.commits >= pr.planned and r > 0:
                h.merge_pr(prs.pop(slug))
                r -= 1
            continue
        roll = rng.random()
        if r - m - ENDGAME >= 3 and m < OPEN_PRS and roll < 0.42:
            planned = rng.choices([1, 2, 3], [0.45, 0.35, 0.2])[0]
            prs[slug] = h.open_pr(group, planned)
            r -= 1
            if planned == 1:
                h.merge_pr(prs.pop(slug))
                r -= 1
            continue
        # A commit on the main line may also carry other accounts' changes of the same days.
        while (
            len(group) < n
            and not group[0].rename
            and heap
            and heap[0][2] not in prs
            and (heap[0][0][0] - group[0].date).days <= 2
            and not queues[heap[0][2]][pos[heap[0][2]]].rename
        ):
            group += take(heapq.heappop(heap)[2], n - len(group), 2)
        kind = "squash" if roll < (0.75 if any(s.approvals for s in group) else 0.68) else "direct"
        h.on_main(group, kind)
        r -= 1
    return h


# ---------------------------------------------------------------------------------------------
# Putting it together
# ---------------------------------------------------------------------------------------------


def git(repo: Path, *args: str, data: bytes | None = None) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], input=data, capture_output=True)
    if done.returncode:
        raise RuntimeError(f"git {args[0]} failed: {done.stderr.decode(errors='replace')}")
    return done.stdout.decode().strip()


def make_corpus(out: Path, accounts: int, docs: int, commits: int, seed: int) -> dict[str, Any]:
    """Write the corpus into a new git repository at ``out``; return a summary."""
    started = time.perf_counter()
    if accounts < 1 or docs < 5 or commits < 2:
        raise ValueError("need at least 1 account, 5 documents per account and 2 commits")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ValueError(f"{out} exists and is not an empty folder")
    rng = random.Random(seed)
    languages = ["vi"] * ((accounts + 1) // 2) + ["en"] * (accounts // 2)
    rng.shuffle(languages)
    names: set[str] = set()
    plans = [plan_account(i, lang, seed, names, docs) for i, lang in enumerate(languages)]
    all_docs = {a.slug: account_docs(a) for a in plans}
    # A long history over few documents: more entries in each account plan's log.
    total = sum(len(account_steps(a, all_docs[a.slug])) for a in plans)
    wanted = int((commits - 1) * 1.1)
    if total < wanted:
        share = -(-(wanted - total) // len(plans))
        for a in plans:
            doc = next(d for d in all_docs[a.slug] if d.kind == "internal")
            log_rng = random.Random(seed * 31 + a.index)
            for day in sorted(between(log_rng, a.created + days(1), TODAY) for _ in range(share)):
                append_log(doc, day, log_entry(a, log_rng))
    history = build_history(plans, all_docs, commits, rng)
    out.mkdir(parents=True, exist_ok=True)
    git(out, "init", "-q", "-b", "main")
    git(out, "fast-import", "--quiet", data=history.stream())
    git(out, "reset", "-q", "--hard", "main")
    files = [p for p in out.rglob("*") if p.is_file() and ".git" not in p.relative_to(out).parts]
    return {
        "out": str(out),
        "accounts": len(plans),
        "languages": {lang: languages.count(lang) for lang in ("vi", "en")},
        "documents": sum(1 for p in files if p.suffix == ".md" and p.parent.name in KINDS),
        "files": len(files),
        "bytes": sum(p.stat().st_size for p in files),
        "commits": int(git(out, "rev-list", "--count", "HEAD")),
        "pr_merges": history.kinds["merge"],
        "branch_commits": history.kinds["branch"],
        "squash_merges": history.kinds["squash"],
        "direct_commits": history.kinds["direct"],
        "renames": history.renames,
        "approvals": history.approvals,
        "head": git(out, "rev-parse", "HEAD"),
        "seconds": time.perf_counter() - started,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100)
    parser.add_argument("--docs", type=int, default=30, help="Markdown documents per account")
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="a new or empty folder")
    args = parser.parse_args(argv)
    try:
        s = make_corpus(args.out, args.accounts, args.docs, args.commits, args.seed)
    except ValueError as exc:
        parser.error(str(exc))
    print(
        f"{s['accounts']} accounts ({s['languages']['vi']} vi, {s['languages']['en']} en), "
        f"{s['documents']} documents, {s['commits']} commits ({s['pr_merges']} PR merges, "
        f"{s['squash_merges']} squash merges, {s['direct_commits']} direct, {s['renames']} "
        f"renames), {s['bytes']:,} bytes in {s['files']} files, {s['seconds']:.1f} s: "
        f"{s['out']} (HEAD {s['head'][:12]})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
