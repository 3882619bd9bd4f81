"""Clients: brands, industries, campaigns, seasons, taglines, calls to action."""

from __future__ import annotations

from typing import Any

from .common import split

# fmt: off
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
# fmt: on
