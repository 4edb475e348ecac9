"""The words of rating statistics: subjects, ratings, cues. Vocabulary only; the matching is elsewhere.

Phrases are written as they appear in articles; matching folds case and tone placement, so one
spelling of each is enough. Abbreviations also get their common typos (adjacent letters swapped).
"""

from __future__ import annotations

from types import MappingProxyType

# --- what was rated -------------------------------------------------------------------------------
TCCSD = "tổ chức cơ sở đảng"
DANG_VIEN = "đảng viên"
CHI_BO = "chi bộ"
TT_LDQL = "tập thể lãnh đạo, quản lý"
CB_LDQL = "cán bộ lãnh đạo, quản lý"
CQ_DV = "cơ quan, đơn vị"
CBCCVC = "cán bộ, công chức, viên chức"
# Subjects that count people; the others count organizations or bodies.
PERSON_SUBJECTS = frozenset({DANG_VIEN, CB_LDQL, CBCCVC})

SUBJECT_PHRASES: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        TCCSD: (
            "tổ chức cơ sở đảng",
            "tổ chức cơ sở Đảng trực thuộc",
            "tổ chức đảng cơ sở",
            "tổ chức cơ sở",
            "tổ chức đảng cấp huyện",  # the organizations right under a district committee: grassroots ones
            "TCCS đảng",
            "TCCS",
            "cơ sở đảng",
            "đảng bộ cơ sở",
            "chi bộ cơ sở",
            "chi bộ, đảng bộ cơ sở",
            "đảng bộ, chi bộ cơ sở",
            "chi, đảng bộ cơ sở",
            "chi, đảng bộ",
            "đảng bộ, chi bộ",
            "đảng bộ và chi bộ cơ sở",
            "chi bộ và đảng bộ cơ sở",
            "đảng bộ, chi bộ trong khối",
            "đảng bộ, chi bộ trực thuộc",
            "chi bộ, đảng bộ trực thuộc",
            "đảng bộ",
        ),
        DANG_VIEN: ("đảng viên", "đảng viên chính thức"),
        CHI_BO: (
            "chi bộ",
            "chi bộ trực thuộc",
            "chi bộ trực thuộc đảng bộ cơ sở",
            "chi bộ trực thuộc đảng ủy cơ sở",
            "chi bộ trực thuộc đảng bộ",
            "chi bộ trực thuộc đảng ủy",
            "chi bộ trực thuộc cơ sở",
        ),
        TT_LDQL: (
            "tập thể lãnh đạo, quản lý",
            "tập thể lãnh đạo quản lý",
            "tập thể lãnh đạo",
            "tập thể cấp ủy",
            "tập thể cấp ủy, lãnh đạo",
            # a heading naming both: what follows counts collectives ("tập thể") and individuals ("cá nhân")
            "tập thể, cá nhân lãnh đạo, quản lý",
            "tập thể và cá nhân lãnh đạo, quản lý",
        ),
        CB_LDQL: (
            "cán bộ lãnh đạo, quản lý",
            "cán bộ lãnh đạo quản lý",
            "cá nhân cán bộ lãnh đạo, quản lý",
            "cá nhân lãnh đạo, quản lý",
            "cá nhân lãnh đạo quản lý",
            "cán bộ lãnh đạo",
            # the cadres a standing committee manages ("cán bộ diện Ban Thường vụ Tỉnh ủy quản lý"): its leaders
            "cán bộ diện",
            "cán bộ thuộc diện",
        ),
        CQ_DV: (
            "cơ quan, đơn vị",
            "tổ chức, cơ quan, đơn vị",
            "cơ quan đơn vị",
            # the agencies a state body rates
            "sở, ban, ngành",
            "sở, ngành",
            "đơn vị sự nghiệp",
            "đơn vị sự nghiệp công lập",
            "cơ quan chuyên môn",
            "cơ quan hành chính",
            "phòng, ban chuyên môn",
        ),
        CBCCVC: (
            "cán bộ, công chức, viên chức",
            "cán bộ công chức viên chức",
            "công chức, viên chức",
            "cán bộ, công chức",
            "cán bộ, công chức, viên chức và người lao động",
            "công chức",
            "viên chức",
            "CBCCVC",
        ),
    }
)
SUBJECT_ABBREVIATIONS: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {TCCSD: ("TCCSĐ", "TCCSD", "TCCĐ", "TCSĐ"), DANG_VIEN: ("ĐV",), "cán bộ, công chức, viên chức": ("CBCCVC",)}
)
# Phrases that look like a subject but are not one of ours: they stop a subject from being read.
NOT_SUBJECTS: tuple[str, ...] = (
    # a generic "tổ chức đảng" pools grassroots organizations and chi bộ: no one subject of ours
    "tổ chức đảng",
    "tổ chức đảng trực thuộc",
    "cấp ủy",
    "cấp uỷ chi bộ",
    "chi ủy",
    "đảng ủy viên",
    "đảng bộ cấp trên cơ sở",
    # a district's, town's, city's or province's party body is above the grassroots: counted ones
    # ("3 Đảng bộ huyện hoàn thành tốt nhiệm vụ") are none of our subjects
    "đảng bộ huyện",
    "đảng bộ quận",
    "đảng bộ thị xã",
    "đảng bộ thành phố",
    "đảng bộ tỉnh",
    "đảng viên mới",
    "đảng viên dự bị",
    "quần chúng",
    "đoàn viên",
    "hội viên",
    "cán bộ, chiến sĩ",
    "cán bộ, chiến sỹ",
    "cơ sở Hội",
    "cơ sở Đoàn",
    "chi hội",
    "chi đoàn",
    "công đoàn",
    "công đoàn cơ sở",
    "tổ chức Hội",
    "tổ chức Đoàn",
    "tổ chức cơ sở Đoàn",
    "tổ chức cơ sở Hội",
)
# Nouns that count people or units without naming which: they inherit the subject of the context.
GENERIC_UNITS: tuple[str, ...] = (
    "đồng chí",
    "đ/c",
    "tổ chức",
    "người",
    "cá nhân",
    "đơn vị",
    "cơ quan",
    "cơ sở",
    "trường hợp",
    "tập thể",
)
# Units that count people: after a figure they name a subject of people (comrades are party members).
PERSON_UNITS = frozenset({"đồng chí", "đ/c", "người", "cá nhân"})
# Posts: counted right after a figure ("3 Phó Chủ tịch UBND huyện", "14 trưởng, phó phòng"), they are
# leading and managing cadres.
ROLE_PHRASES: tuple[str, ...] = (
    "chủ tịch",
    "phó chủ tịch",
    "giám đốc",
    "phó giám đốc",
    "trưởng phòng",
    "phó trưởng phòng",
    "phó phòng",
    "trưởng, phó phòng",
    "trưởng, phó trưởng phòng",
    "trưởng, phó các phòng",
    "trưởng ban",
    "phó trưởng ban",
    "trưởng, phó ban",
    "cấp trưởng",
    "cấp phó",
    "cấp trưởng, cấp phó",
    "thủ trưởng",
    "hiệu trưởng",
    "phó hiệu trưởng",
    "chánh văn phòng",
    "phó chánh văn phòng",
    "cục trưởng",
    "phó cục trưởng",
    "chi cục trưởng",
    "trưởng, phó",
)

# --- how they were rated --------------------------------------------------------------------------
HTXS = "hoàn thành xuất sắc nhiệm vụ"
HTT = "hoàn thành tốt nhiệm vụ"
HTNV = "hoàn thành nhiệm vụ"
KHT = "không hoàn thành nhiệm vụ"
HTT_UP = "hoàn thành tốt nhiệm vụ trở lên"
TSVM = "trong sạch vững mạnh"
TSVM_TB = "trong sạch vững mạnh tiêu biểu"
YEU_KEM = "yếu kém"
EVALUATED = "được đánh giá"
# A rating we recognize so that it is not misread, but that is not a canonical level.
NOT_CANONICAL = "-"

RATING_PHRASES: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        HTXS: (
            # letter grades of the rules on rating (A to D)
            "loại A",
            "xếp loại A",
            "hoàn thành xuất sắc nhiệm vụ",
            "hoàn thành xuất sắc",
            "hoàn thành xuất xắc nhiệm vụ",
            "đủ tư cách, hoàn thành xuất sắc nhiệm vụ",
            "đủ tư cách hoàn thành xuất sắc nhiệm vụ",
        ),
        HTT: (
            "loại B",
            "xếp loại B",
            "hoàn thành tốt nhiệm vụ",
            "hoàn thành tốt",
            "đủ tư cách, hoàn thành tốt nhiệm vụ",
            "đủ tư cách hoàn thành tốt nhiệm vụ",
        ),
        HTNV: (
            "loại C",
            "xếp loại C",
            "hoàn thành nhiệm vụ",
            "đủ tư cách, hoàn thành nhiệm vụ",
            "đủ tư cách hoàn thành nhiệm vụ",
            "hoàn thành nhiệm vụ nhưng còn hạn chế",
            "hoàn thành nhiệm vụ nhưng còn hạn chế, khuyết điểm",
            "đủ tư cách, hoàn thành nhiệm vụ nhưng còn hạn chế",
        ),
        KHT: (
            "loại D",
            "xếp loại D",
            "không hoàn thành nhiệm vụ",
            "chưa hoàn thành nhiệm vụ",
            "không hoàn thành",
            "chưa hoàn thành",
            "vi phạm tư cách",
            "không hoàn thành nhiệm vụ hoặc vi phạm",
        ),
        HTT_UP: (
            "hoàn thành tốt nhiệm vụ trở lên",
            "hoàn thành tốt trở lên",
            "hoàn thành tốt nhiệm vụ và hoàn thành xuất sắc nhiệm vụ",
            "hoàn thành tốt và hoàn thành xuất sắc nhiệm vụ",
            "hoàn thành tốt và xuất sắc nhiệm vụ",
            "hoàn thành tốt, xuất sắc nhiệm vụ",
            "hoàn thành tốt, hoàn thành xuất sắc nhiệm vụ",
            "hoàn thành xuất sắc và hoàn thành tốt nhiệm vụ",
            "hoàn thành xuất sắc, hoàn thành tốt nhiệm vụ",
            "hoàn thành xuất sắc và tốt nhiệm vụ",
            "đủ tư cách, hoàn thành tốt nhiệm vụ trở lên",
            "đủ tư cách hoàn thành tốt nhiệm vụ trở lên",
            # a quoted level and "trở lên" after the quote
            "hoàn thành tốt nhiệm vụ ” trở lên",
            'hoàn thành tốt nhiệm vụ " trở lên',
            "hoàn thành tốt nhiệm vụ » trở lên",
        ),
        TSVM: (
            "trong sạch vững mạnh",
            "trong sạch, vững mạnh",
            "trong sạch - vững mạnh",
            "tiêu chuẩn trong sạch vững mạnh",
            "tiêu chuẩn trong sạch, vững mạnh",
        ),
        TSVM_TB: (
            "trong sạch vững mạnh tiêu biểu",
            "trong sạch, vững mạnh tiêu biểu",
            "trong sạch, vững mạnh ” tiêu biểu",
            "trong sạch vững mạnh ” tiêu biểu",
            'trong sạch, vững mạnh " tiêu biểu',
            "tiêu chuẩn trong sạch, vững mạnh tiêu biểu",
            "tiêu chuẩn trong sạch vững mạnh tiêu biểu",
            "TSVM tiêu biểu",
            "vững mạnh tiêu biểu",
        ),
        YEU_KEM: ("yếu kém", "yếu, kém"),
        EVALUATED: (
            "được đánh giá",
            "được đánh giá, xếp loại",
            "được đánh giá, phân loại",
            "được đánh giá xếp loại",
            "được xếp loại",
            "được phân loại",
            "được phân tích, đánh giá chất lượng",
            "được phân tích, đánh giá",
            "được phân tích chất lượng",
            "được đánh giá chất lượng",
            "đánh giá, xếp loại",
            "được kiểm điểm, đánh giá, xếp loại",
            "được kiểm điểm, đánh giá",
            "kiểm điểm, đánh giá, xếp loại",
            "kiểm điểm, đánh giá",
            "được kiểm điểm, đánh giá, phân loại",
        ),
        NOT_CANONICAL: (
            "hoàn thành nhiệm vụ trở lên",
            "hoàn thành nhiệm vụ ” trở lên",
            'hoàn thành nhiệm vụ " trở lên',
            "hoàn thành nhiệm vụ » trở lên",
            "đủ tư cách, hoàn thành nhiệm vụ trở lên",
            "đủ tư cách hoàn thành nhiệm vụ trở lên",
            "vững mạnh",
            "khá",
            "khá, giỏi",
            "đạt yêu cầu",
            "xếp loại A1",
            # levels named by a bare adjective ("được xếp loại xuất sắc", "đạt loại tốt"): not the
            # levels of the rules, and not a count of those evaluated either
            *(
                f"{verb} {level}"
                for verb in ("xếp loại", "được xếp loại", "đạt loại", "loại", "xếp loại mức", "được đánh giá")
                for level in ("xuất sắc", "tốt", "khá", "trung bình")
            ),
        ),
    }
)
RATING_ABBREVIATIONS: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        HTXS: ("HTXSNV", "HTXS NV", "HTXS"),
        HTT: ("HTTNV", "HTT NV", "HTT"),
        HTNV: ("HTNV", "HT NV"),
        KHT: ("KHTNV", "KHT NV", "KHT", "CHTNV", "không HTNV", "chưa HTNV"),
        HTT_UP: (
            "HTTNV trở lên",
            "HTT trở lên",
            "HTTNV và HTXSNV",
            "HTXSNV và HTTNV",
            "HTTNV, HTXSNV",
            "HTXSNV, HTTNV",
            "HTXS và HTT nhiệm vụ",
            "HTT và HTXS nhiệm vụ",
            "HTXS và HTTNV",
            "HTT và HTXSNV",
        ),
        TSVM: ("TSVM", "TS, VM", "TS-VM"),
        TSVM_TB: ("TSVMTB", "TSVM TB", "TSVM tiêu biểu"),
    }
)
# The quantity-less ratings that only count as a record with "được" right after a subject.
RATINGS_NEEDING_SUBJECT = frozenset({EVALUATED})

# --- cues that change what a figure means -----------------------------------------------------------
TARGET = "target"  # phấn đấu 90% ... : a goal, not a result
CHANGE = "change"  # tăng 2,7% : a difference, not a share
COMPARE = "compare"  # so với ... : what follows is the yardstick
COVERAGE = "coverage"  # được kiểm điểm / kiểm tra: coverage of a review, not a rating
RECRUIT = "recruit"  # kết nạp: admissions
MULTIYEAR = "multiyear"  # 5 năm liền: a multi-year commendation
CUMULATIVE = "cumulative"  # trong đó: what follows is part of what precedes
EVERY_YEAR = "every_year"  # hàng năm, nhiệm kỳ: no single evaluated year
SHARE = "share"  # chiếm / tỷ lệ / bằng: introduces a percent
TOTAL = "total"  # tổng số: introduces a denominator
EXEMPT = "exempt"  # miễn đánh giá: not rated
COMMEND = "commend"  # khen thưởng, giấy khen: a commendation or emulation title, not a rating
VOTE = "vote"  # 100% thống nhất: a vote share, not a rating
PLAN_AHEAD = "plan_ahead"  # đề ra: a target only when a list (":") or a figure follows
RESPECTIVELY = "respectively"  # lần lượt: figures paired with the subjects named before, in order

CUE_PHRASES: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        TARGET: (
            "phấn đấu",
            "chỉ tiêu",
            "mục tiêu",
            "ít nhất",
            "tối thiểu",
            "phải đạt",
            "cần đạt",
            "sẽ đạt",
            "kế hoạch đề ra",
        ),
        CHANGE: ("tăng", "giảm", "tăng thêm", "giảm đi", "cao hơn", "thấp hơn", "vượt", "nhiều hơn", "ít hơn"),
        COMPARE: ("so với", "so cùng kỳ", "so với cùng kỳ"),
        COVERAGE: (
            "kiểm điểm",
            "được kiểm tra",
            "kiểm tra",
            "giám sát",
            "tham dự",
            "tham gia",
            "học tập",
            "quán triệt",
            "dự họp",
            "tự phê bình",
        ),
        RECRUIT: ("kết nạp", "chuyển đảng chính thức", "đảng viên mới", "phát triển đảng viên", "kết nạp mới"),
        MULTIYEAR: (
            "năm liền",
            "năm liên tục",
            "năm liên tiếp",
            "nhiều năm liền",
            "hàng năm đều",
            "hằng năm đều",
            "các năm đều",
            "năm nào cũng",
        ),
        CUMULATIVE: ("trong đó", "trong số đó", "trong số này", "trong đó có"),
        EVERY_YEAR: (
            "hàng năm",
            "hằng năm",
            "mỗi năm",
            "các năm",
            "bình quân hằng năm",
            "bình quân hàng năm",
            "bình quân",  # an average over years
            "nhiệm kỳ",
            "giai đoạn",
            "cả nhiệm kỳ",
            *(  # spans of several years: "trong 5 năm", "5 năm qua"
                phrase
                for n in range(2, 31)
                for number in {str(n), f"{n:02d}"}
                for phrase in (
                    *(f"{before} {number} năm" for before in ("trong", "sau", "qua", "suốt")),
                    *(f"{number} năm {after}" for after in ("qua", "gần đây", "trở lại đây", "vừa qua")),
                )
            ),
        ),
        SHARE: (
            "chiếm",
            "chiếm tỷ lệ",
            "chiếm tỉ lệ",
            "tỷ lệ",
            "tỉ lệ",
            "bằng",
            "đạt tỷ lệ",
            "đạt tỉ lệ",
            "đạt",
            "tương đương",
        ),
        TOTAL: ("tổng số", "trong tổng số", "trên tổng số", "tổng cộng", "trong số"),
        EXEMPT: ("miễn đánh giá", "chưa đánh giá", "không đánh giá", "miễn sinh hoạt", "chưa xếp loại"),
        COMMEND: (
            "khen thưởng",
            "giấy khen",
            "bằng khen",
            "tặng thưởng",
            "trao thưởng",
            "biểu dương",
            "tuyên dương",
            "danh hiệu thi đua",
            "chiến sĩ thi đua",
            "chiến sỹ thi đua",
            "lao động tiên tiến",
            "lao động xuất sắc",
            "cờ thi đua",
        ),
        VOTE: ("thống nhất", "nhất trí", "biểu quyết", "tán thành", "bỏ phiếu"),
        PLAN_AHEAD: ("đề ra", "đặt ra", "xác định", "dự kiến", "hướng tới", "định hướng"),
        RESPECTIVELY: ("lần lượt", "lần lượt là", "tương ứng", "tương ứng là", "lần lượt đạt"),
    }
)
# Cues whose reach is the piece of the clause they stand in, not the rest of the sentence.
PIECE_CUES = frozenset({COVERAGE, RECRUIT, EXEMPT})
# Words before a target cue that make it a measure against the plan, not a plan ("đạt 108% chỉ tiêu").
ACHIEVED: tuple[str, ...] = ("đạt", "vượt", "hoàn thành", "hoàn thành tốt", "so với", "bằng")

# Words between a number and the noun it counts: "90% số cơ sở đảng", "51,6% tổng số tổ chức".
COUNT_FILLERS: tuple[str, ...] = (
    "số",
    "tổng số",
    "trong tổng số",
    "trên tổng số",
    "trong số",
    "các",
    "những",
    "số các",
    "tất cả các",
)
# Targets named by a noun ("chỉ tiêu", "mục tiêu"): they govern the figures of their own clause or
# of a list after them, not a clause that merely follows ("Với mục tiêu ..., năm 2022 có ...").
NOUN_TARGETS: tuple[str, ...] = ("chỉ tiêu", "mục tiêu")
# Words that may follow a figure without making it count something else.
FIGURE_FOLLOWERS: tuple[str, ...] = (
    "là",
    "và",
    "hoặc",
    "bằng",
    "chiếm",
    "đạt",
    "trở lên",
    "trong đó",
    "so với",
    "tăng",
    "giảm",
    "được",
    "đều",
    "đã",
    "có",
    "với",
    "trên",
    "tổng số",
)

APPROXIMATOR_PHRASES: MappingProxyType[str, str] = MappingProxyType(
    {
        "trên": "over",
        "hơn": "over",
        "trên dưới": "about",
        "gần": "under",
        "dưới": "under",
        "chưa đến": "under",
        "chưa tới": "under",
        "khoảng": "about",
        "xấp xỉ": "about",
        "chừng": "about",
        "ước khoảng": "about",
        "từ": "over",  # "từ 98% trở lên"
    }
)
ZERO_PHRASES: tuple[str, ...] = ("không có", "chưa có", "không còn")
YEAR_WORDS: tuple[str, ...] = ("năm",)
# A year after these words names the plan or the comparison, not the year evaluated.
PLAN_YEAR_CUES: tuple[str, ...] = (
    "triển khai nhiệm vụ",
    "phương hướng nhiệm vụ",
    "phương hướng",
    "kế hoạch",
    "bước sang",
    "bước vào",
    "triển khai",
    "mục tiêu",
    "phấn đấu",
)


def typo_variants(abbreviation: str) -> set[str]:
    """An all-caps abbreviation and its one-swap typos ("HTXSNV" -> "HTSXNV", ...)."""
    variants = {abbreviation}
    if " " in abbreviation or len(abbreviation) < 4:
        return variants
    letters = list(abbreviation)
    for index in range(len(letters) - 1):
        swapped = letters.copy()
        swapped[index], swapped[index + 1] = swapped[index + 1], swapped[index]
        variants.add("".join(swapped))
    return variants


def rating_phrases() -> dict[str, set[str]]:
    """Every spelling of every rating (phrases, old-style prefixes, abbreviations and their typos)."""
    phrases: dict[str, set[str]] = {}
    for rating, spellings in RATING_PHRASES.items():
        phrases.setdefault(rating, set()).update(spellings)
    for rating, abbreviations in RATING_ABBREVIATIONS.items():
        for abbreviation in abbreviations:
            head, _, rest = abbreviation.partition(" ")
            for variant in typo_variants(head):
                phrases.setdefault(rating, set()).add(f"{variant} {rest}".strip())
    phrases[HTT_UP].update(_both_upper_levels())
    for letter, rating in LETTER_GRADES.items():
        phrases[rating].update(f"{verb} {letter}" for verb in GRADE_VERBS)
    return phrases


def _both_upper_levels() -> set[str]:
    """The two upper levels named together, in either order, each full or abbreviated, with any
    joining word: "hoàn thành xuất sắc nhiệm vụ và hoàn thành tốt nhiệm vụ", "HTTNV hoặc HTXSNV"; and
    "hoàn thành tốt nhiệm vụ (HTTNV) trở lên" with its abbreviation in parentheses."""
    excellent = ("hoàn thành xuất sắc nhiệm vụ", "HTXSNV")
    good = ("hoàn thành tốt nhiệm vụ", "HTTNV")
    joined = {
        f"{first}{joint}{second}"
        for one, other in ((excellent, good), (good, excellent))
        for first in one
        for second in other
        for joint in (" và ", " , ", " hoặc ", " / ", " - ")
    }
    joined.add("hoàn thành tốt nhiệm vụ ( HTTNV ) trở lên")
    return joined


# Letter grades and the words that give them ("xếp loại A", "được xếp loại mức B", "đạt loại C").
LETTER_GRADES: MappingProxyType[str, str] = MappingProxyType({"A": HTXS, "B": HTT, "C": HTNV, "D": KHT})
GRADE_VERBS: tuple[str, ...] = (
    "loại",
    "xếp loại",
    "được xếp loại",
    "xếp loại mức",
    "được xếp loại mức",
    "loại mức",
    "mức",
    "đạt loại",
    "đạt mức",
    "được đánh giá, xếp loại",
)


def subject_phrases() -> dict[str, set[str]]:
    phrases: dict[str, set[str]] = {subject: set(spellings) for subject, spellings in SUBJECT_PHRASES.items()}
    for subject, abbreviations in SUBJECT_ABBREVIATIONS.items():
        for abbreviation in abbreviations:
            phrases[subject].update(typo_variants(abbreviation))
    return phrases


def statistic_abbreviations() -> frozenset[str]:
    """The all-caps words of ratings and subjects ("HTXSNV", "TCCSĐ", "TSVM") and their typos: written
    after a head noun ("05 chi bộ HTXSNV"), they say how it was rated, they never name a body."""
    words: set[str] = set()
    for abbreviations in (*RATING_ABBREVIATIONS.values(), *SUBJECT_ABBREVIATIONS.values()):
        for abbreviation in abbreviations:
            head = abbreviation.split()[0]
            if head.isupper() and len(head) >= 3:
                words.update(typo_variants(head))
    return frozenset(words)
