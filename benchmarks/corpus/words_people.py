"""Names of people: Vietnamese and English, the agency's team, roles."""

from __future__ import annotations

from .common import split

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
# fmt: on
