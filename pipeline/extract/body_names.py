"""The words Vietnamese body names are built from: head nouns by kind, and the words that end a name.

A body's name is a head noun ("Đảng bộ", "Huyện ủy", "Sở", "Trường" ...), then a descriptor written in
title case ("Tuyên giáo", "Giáo dục và Đào tạo", "Mầm non Hoa Sen"), then what it belongs to: a place
("tỉnh", "huyện Kim Sơn") or another body ("... Tỉnh ủy"). The algorithm reading them is in
``pipeline.extract.organizations``; this module is only the vocabulary.
"""

from __future__ import annotations

from types import MappingProxyType

from pipeline.normalize import key

# Committees named after their level: "Huyện ủy X" is the party committee of huyện X.
LEVEL_COMMITTEES: MappingProxyType[str, str] = MappingProxyType(
    {"Huyện ủy": "huyện", "Tỉnh ủy": "tỉnh", "Thành ủy": "thành phố", "Quận ủy": "quận", "Thị ủy": "thị xã"}
)
# Party organizations and their committees, which stand for them as a scope.
PARTY_HEADS: tuple[str, ...] = ("Đảng bộ", "Đảng ủy", "Chi bộ", "Chi ủy")
# Words between a party head and the body it belongs to that say which kind of party body it is.
PARTY_MODIFIERS: tuple[str, ...] = ("bộ phận", "cơ sở")
# Committees and offices of a party body ("Ban Thường vụ Huyện ủy", "Văn phòng Tỉnh ủy").
COMMITTEE_HEADS: tuple[str, ...] = (
    "Ban Thường vụ",
    "Ban Chấp hành",
    "Ban Tổ chức",
    "Ban Tuyên giáo và Dân vận",
    "Ban Tuyên giáo",
    "Ban Dân vận",
    "Ban Nội chính",
    "Ban Kinh tế",
    "Ủy ban Kiểm tra",
    "Đảng đoàn",
    "Ban cán sự đảng",
)
# Abbreviations of committee heads, read in capitals only.
COMMITTEE_ABBREVIATIONS: MappingProxyType[str, str] = MappingProxyType(
    {"BTV": "Ban Thường vụ", "BCH": "Ban Chấp hành", "UBKT": "Ủy ban Kiểm tra", "BTC": "Ban Tổ chức"}
)
# Councils of an administrative unit: a body only with their level ("UBND tỉnh", "HĐND phường 3").
COUNCIL_HEADS: tuple[str, ...] = (
    "Ủy ban nhân dân",
    "UBND",
    "Hội đồng nhân dân",
    "HĐND",
    "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Ủy ban Mặt trận Tổ quốc",
    "Ủy ban MTTQVN",
    "Ủy ban MTTQ Việt Nam",
    "Ủy ban MTTQ",
    "UBMTTQVN",
    "UBMTTQ",
    "Đoàn đại biểu Quốc hội đơn vị",
    "Đoàn đại biểu Quốc hội",
    "Đoàn ĐBQH",
)
# State agencies, public services, schools, hospitals, companies, army and mass organizations: a body
# when a title-case descriptor, a number or a place follows the capitalized head ("Sở Nội vụ",
# "Trường Mầm non Hoa Sen", "Công an tỉnh", "Quân khu 5").
AGENCY_HEADS: tuple[str, ...] = (
    "Sở",
    "Phòng",
    "Cục",
    "Chi cục",
    "Tổng cục",
    "Trung tâm",
    "Văn phòng",
    "Ban",
    "Bộ",
    "Bộ Tư lệnh",
    "Bộ Chỉ huy",
    "Ban Chỉ huy",
    "Bộ đội Biên phòng",
    "Quân khu",
    "Quân đoàn",
    "Binh đoàn",
    "Sư đoàn",
    "Lữ đoàn",
    "Trung đoàn",
    "Tiểu đoàn",
    "Hải đoàn",
    "Đồn",
    "Công an",
    "Thanh tra",
    "Kho bạc",
    "Bảo hiểm xã hội",
    "Tòa án",
    "Viện",
    "Viện Kiểm sát",
    "Học viện",
    "Đại học",
    "Trường",
    "Bệnh viện",
    "Khoa",
    "Trạm",
    "Công ty",
    "Tổng công ty",
    "Tập đoàn",
    "Hạt",
    "Đài",
    "Đội",
    "Ngân hàng",
    "Hợp tác xã",
    "Hội",
    "Hội đồng",
    "Liên đoàn",
    "Đoàn",
    "Công đoàn",
    "Tỉnh đoàn",
    "Thành đoàn",
    "Huyện đoàn",
    "Quận đoàn",
    "Thị đoàn",
)
# Agency heads that may be written in lower case inside a party body's name ("chi bộ trường Mầm non ...").
LOWER_CASE_AGENCIES: tuple[str, ...] = ("trường", "bệnh viện", "trung tâm", "công ty", "phòng", "ban", "khoa")
# Institution heads that name a body in lower case on their own when its name follows in title case
# ("trường Tiểu học Kim Đồng", "bệnh viện Đa khoa huyện", "công ty Cổ phần X").
LOWER_CASE_INSTITUTIONS: tuple[str, ...] = ("trường", "bệnh viện", "trung tâm", "công ty")
# Bodies named by themselves, no place needed.
CENTRAL_BODIES: tuple[str, ...] = (
    "Ban Bí thư",
    "Bộ Chính trị",
    "Ban Chấp hành Trung ương",
    "BCH Trung ương",
    "Trung ương Đảng",
    "Quân ủy Trung ương",
    "Đảng Cộng sản Việt Nam",
    "Quốc hội",
    "Chính phủ",
    "Mặt trận Tổ quốc Việt Nam",
    "Mặt trận Tổ quốc",
)
# An abbreviation standing alone for a whole body that everyone knows by it (listed spelled out).
KNOWN_ABBREVIATIONS: MappingProxyType[str, str] = MappingProxyType({"MTTQ": "Mặt trận Tổ quốc"})
# Words after a head that make an ordinary noun, not a body ("Hội nghị", "Trường hợp", "Đoàn viên").
NOT_BODY_AFTER_HEAD: MappingProxyType[str, frozenset[str]] = MappingProxyType(
    {
        "Hội": frozenset({"nghị", "thảo", "thi", "diễn", "trường", "viên", "đồng", "nhập", "chợ", "khỏe"}),
        "Trường": frozenset({"hợp", "học", "kỳ", "phái"}),
        "Đoàn": frozenset({"viên", "kết", "thể", "công", "tác", "kiểm", "giám", "khảo", "đi", "ra", "vào"}),
        "Ban": frozenset({"hành", "đầu", "ngày", "đêm", "nãy"}),
        "Phòng": frozenset({"chống", "ngừa", "họp", "khám", "thủ", "ban"}),
        "Bộ": frozenset({"phận", "máy", "đội", "tiêu", "luật", "mặt", "môn", "sách"}),
        "Trung tâm": frozenset(),
        "Trạm": frozenset({"dừng"}),
        "Khoa": frozenset({"học", "bảng"}),
        "Công an": frozenset({"viên"}),
        "Viện": frozenset({"trợ", "dẫn"}),
        "Hạt": frozenset({"nhân", "giống", "gạo", "điều", "tiêu", "lúa"}),
        "Đội": frozenset({"ngũ", "viên", "hình", "tuyển", "bóng", "quân", "trưởng"}),
        "Đài": frozenset({"loan", "tưởng", "phun"}),
    }
)
# Words before a head that make it part of an ordinary word ("cơ sở", "cán bộ", "xã hội", "Tây Ban Nha").
NOT_BODY_BEFORE_HEAD: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "Sở": ("cơ",),
        "Bộ": ("cán", "toàn", "đảng", "chi", "nội", "từng", "bộ"),
        "Phòng": ("quốc", "dự", "đề", "văn"),
        "Hội": ("xã", "quốc", "đại", "cơ", "phó", "chủ"),
        "Trường": ("môi", "thị", "thương", "hiện", "chiến", "lập", "quảng", "công", "nhà", "hội"),
        "Đoàn": ("chi", "công"),
        "Viện": ("học", "thư", "bệnh"),
        "Ban": ("tây",),
        "Công an": ("nhân",),
    }
)
# Heads naming institutions after people or places: a family name there is part of the name.
HEADS_NAMED_AFTER_PEOPLE: tuple[str, ...] = (
    "Trường", "Học viện", "Đại học", "Bệnh viện", "Đồn", "Công ty", "Tổng công ty", "Trạm", "Hợp tác xã", "Chi bộ",
    "Chi ủy",
)  # fmt: skip
# Words before a body that make it a kind counted or listed, not one body ("các chi bộ", "3 lượt Đảng bộ xã").
PLURAL_WORDS: tuple[str, ...] = ("các", "những", "mỗi", "từng", "mọi", "nhiều")
COUNTER_WORDS: tuple[str, ...] = ("lượt", "%")
# Words opening a credit ("Ảnh: ..."): the body after them is no body the text names.
CREDIT_WORDS: tuple[str, ...] = ("ảnh", "nguồn", "clip", "video", "giả", "bài", "tin")  # "giả": "Tác giả"
# Lines that open a page's list of links to other articles: the bodies after them are those articles'.
RELATED_LINKS: tuple[str, ...] = (
    "tin liên quan", "tin khác", "các tin khác", "tin cùng chuyên mục", "bài viết liên quan", "bài liên quan",
    "tin bài liên quan", "các bài viết khác", "bài viết khác", "các tin đã đưa", "tin đã đưa", "xem thêm",
    "tin mới", "tin mới nhất", "tin đọc nhiều", "tin tức khác", "đọc thêm", "tin cùng loại",
)  # fmt: skip
# Words opening a sentence whose next words are its topic ("Theo Thị ủy X, ...", "Tại Đảng bộ xã Y, ...").
TOPIC_WORDS: tuple[str, ...] = ("theo", "tại", "ở", "riêng")
# Words tying what was rated to the body it belongs to ("chi bộ trực thuộc Đảng bộ X", "đảng viên ở xã Y").
ATTACHING_WORDS: tuple[str, ...] = ("thuộc", "ở", "tại", "trong")
# Words ending a party committee's name: "Tỉnh ủy viên", "Đảng ủy viên" are members, not bodies.
MEMBER_SUFFIXES: tuple[str, ...] = ("viên",)

# Lower-case words that never continue a name: verbs and function words that follow a body.
NAME_STOP_WORDS = frozenset(
    "đã đang sẽ vừa mới được bị có là của cho với tại trong về đến từ này đó kia các những và hoặc nhằm để "
    "theo khi thì mà do vì nên như cũng đều luôn không chưa rất tổ ban phối chỉ lãnh triển thực tiến nhiệm "
    "năm khóa khoá lần họp dự tham trao tặng phát ký cùng nay trực thuộc gồm hiện đạt xếp đánh kiểm tổng "
    "quyết công nhận đề báo ra vào lên xuống trên dưới ở qua sau trước giữa bên ngoài phải cần nhất ông bà "
    "đồng anh chị em giao chủ yêu hướng trưởng".split()
)
# Compound nouns opened by a stop word: inside a name they continue it ("Ban Quản lý dự án", "khu công nghiệp").
STOP_WORD_COMPOUNDS: tuple[str, ...] = (
    "dự án", "công nghiệp", "công nghệ", "công trình", "công ích", "công cộng", "phát triển", "phát thanh",
    "kiểm lâm", "chủ nghĩa", "giao thông", "đăng ký", "đầu tư",
)  # fmt: skip
# Unit words of places; "TP" is "thành phố".
UNIT_WORDS: MappingProxyType[str, str] = MappingProxyType(
    {
        "thành phố": "thành phố",
        "thị xã": "thị xã",
        "thị trấn": "thị trấn",
        "đặc khu": "đặc khu",
        "tp": "thành phố",
        "tp .": "thành phố",
        "tx": "thị xã",
        "tx .": "thị xã",
        "tt": "thị trấn",
        "tt .": "thị trấn",
        "tỉnh": "tỉnh",
        "huyện": "huyện",
        "quận": "quận",
        "xã": "xã",
        "phường": "phường",
    }
)
# Hamlets and street groups a chi bộ is named after ("Chi bộ thôn Đông", "Chi bộ khu phố 3").
HAMLET_WORDS: tuple[str, ...] = (
    "tổ dân phố",
    "khu phố",
    "khu dân cư",
    "thôn",
    "xóm",
    "ấp",
    "bản",
    "khu",
    "tổ",
    "khối",
    "làng",
    "buôn",
    "sóc",
    "khóm",
)
# Descriptors of a party body that make it a bloc committee: "Đảng bộ Khối ...", "Đảng ủy cơ quan ...".
BLOC_WORDS: tuple[str, ...] = ("khối", "cơ quan", "các cơ quan", "doanh nghiệp", "và doanh nghiệp", "và cơ quan")
# Descriptors of a party body in the army or police: the body of a provincial or district force.
FORCE_WORDS: tuple[str, ...] = ("quân sự", "công an", "biên phòng", "bộ đội biên phòng", "bđbp")
# Person titles: a body right after one is named inside a person's role ("Bí thư Huyện ủy ...").
PERSON_TITLES: tuple[str, ...] = (
    "Chủ tịch",
    "Phó Chủ tịch",
    "Bí thư",
    "Phó Bí thư",
    "Giám đốc",
    "Phó Giám đốc",
    "Trưởng ban",
    "Phó Trưởng ban",
    "Trưởng phòng",
    "Phó Trưởng phòng",
    "Chánh Văn phòng",
    "Cục trưởng",
    "Hiệu trưởng",
    "Ủy viên",
    "Thường trực",
    "Trưởng",
    "Phó",
    "PBT",
)

# Vietnamese family names: a capitalized run after a body's name that starts with one is a person.
FAMILY_NAMES = frozenset(
    key(name)
    for name in (
        "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đào Trương "
        "Lương Mai Cao Tạ Lâm Hà Thái Quách Chu Trịnh Tô Vương Kiều Lưu Triệu Doãn Khổng Mạc Thân Sử "
        "Đoàn La Lò Hứa Nông Đàm Bế Hầu Tăng Phùng Tống Diệp Lã Khúc Mẫn Vi Lục Thạch Giáp Cù"
    ).split()
)
# Middle names that only people bear: after a family name they make a person, not a body or a place.
MIDDLE_NAMES = frozenset(key(name) for name in ("Văn", "Thị"))
# Capitalized words that start sentences or phrases, never a name ("Ban Thường vụ huyện ủy Trong đó").
NOT_NAME_STARTS = frozenset(
    key(word)
    for word in (
        "Trong Theo Tại Với Qua Đến Năm Ngày Sau Từ Các Những Để Khi Nhằm Về Đồng Dự Kết Thực Đó Đây "
        "Nhưng Và Ông Bà Thứ Tháng Sáng Chiều Tối Bí Phó Chủ Trưởng Tổng Cùng Do Vì Như Nên Hiện Nhiều Một "
        "Tuy Ngoài Bên Bước Giai Nhiệm Toàn Đối Trên Dưới Đặc Cuối Đầu Hằng Hàng Mỗi Này Lãnh Chỉ Tiếp "
        "Đ.c Đ/c"
    ).split()
)
