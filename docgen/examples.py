"""A realistic filled request for each document type (used by ``--example``, tests and the benchmark)."""

from __future__ import annotations

import copy
from typing import Any, Dict

_SIGNER_UBND = {"chuc_vu": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "ho_ten": "Hoàng Văn Nam"}
_SO_NOI_VU = {
    "co_quan_chu_quan": "UBND tỉnh Lạng Sơn",
    "co_quan_ban_hanh": "Sở Nội vụ",
    "viet_tat_co_quan": "SNV",
    "don_vi_soan_thao": "VP",
    "nguoi_ky": {"chuc_vu": ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "ho_ten": "Lương Thị Hạnh"},
}

EXAMPLES: Dict[str, Dict[str, Any]] = {
    "giay_moi": {
        "so": 5,
        "ngay": "2026-01-05",
        "trich_yeu": "Họp giao ban công tác cải cách hành chính tháng 01 năm 2026",
        "kinh_moi": "Giám đốc các sở, Thủ trưởng các ban, ngành tỉnh",
        "tham_du": "cuộc họp giao ban công tác cải cách hành chính và chuyển đổi số tháng 01 năm 2026",
        "chu_tri": "Đồng chí Phó Chủ tịch Ủy ban nhân dân tỉnh",
        "thoi_gian": "8h00 thứ Hai 12/01/2026",
        "dia_diem": "Phòng họp số 2, trụ sở Ủy ban nhân dân tỉnh, số 1 đường Hùng Vương, phường Lương Văn Tri",
        "ghi_chu": [
            "Đề nghị các đại biểu chuẩn bị ý kiến về kết quả giải quyết thủ tục hành chính trên Cổng "
            "Dịch vụ công quốc gia và đăng ký phát biểu với Văn phòng Ủy ban nhân dân tỉnh trước ngày 09/01/2026."
        ],
        "don_vi_soan_thao": "KSTT",
        "nguoi_ky": {"chuc_vu": ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"], "ho_ten": "Nông Quang Huy"},
        "noi_nhan": ["Như trên", "Chủ tịch, các PCT UBND tỉnh (b/c)"],
    },
    "to_trinh": {
        **_SO_NOI_VU,
        "so": 12,
        "ngay": "2026-02-03",
        "trich_yeu": "Đề nghị phê duyệt Kế hoạch tuyển dụng công chức tỉnh Lạng Sơn năm 2026",
        "kinh_gui": ["Ủy ban nhân dân tỉnh Lạng Sơn"],
        "noi_dung": [
            "Căn cứ Nghị định số 170/2025/NĐ-CP ngày 30 tháng 6 năm 2025 của Chính phủ quy định về tuyển "
            "dụng, sử dụng và quản lý công chức, Sở Nội vụ kính trình Ủy ban nhân dân tỉnh phê duyệt Kế hoạch "
            "tuyển dụng công chức năm 2026 như sau:",
            {"tieu_de": "I. SỰ CẦN THIẾT", "doan": [
                "Qua rà soát, các cơ quan hành chính cấp tỉnh và cấp xã còn thiếu 86 biên chế công chức so với "
                "số được giao; việc tuyển dụng là cần thiết để bảo đảm nhân lực thực hiện nhiệm vụ.",
            ]},
            {"tieu_de": "II. NỘI DUNG ĐỀ NGHỊ", "doan": [
                "1. Số lượng cần tuyển: 86 chỉ tiêu, trong đó cấp tỉnh 31 chỉ tiêu, cấp xã 55 chỉ tiêu.",
                "2. Hình thức tuyển dụng: thi tuyển theo quy định hiện hành.",
                "3. Thời gian tổ chức: quý II năm 2026.",
            ]},
            "Sở Nội vụ kính trình Ủy ban nhân dân tỉnh xem xét, phê duyệt.",
        ],
        "noi_nhan": ["Như trên", "Giám đốc Sở"],
    },
    "bao_cao": {
        "so": 3,
        "ngay": "2025-12-29",
        "trich_yeu": "Kết quả giải quyết thủ tục hành chính năm 2025",
        "noi_dung": [
            {"tieu_de": "I. KẾT QUẢ ĐẠT ĐƯỢC", "doan": [
                "Trong năm 2025, các cơ quan, đơn vị trên địa bàn tỉnh đã tiếp nhận 412.538 hồ sơ thủ tục hành "
                "chính, trong đó 398.104 hồ sơ được giải quyết đúng hạn, đạt tỷ lệ 96,5%.",
                "Tỷ lệ hồ sơ nộp trực tuyến đạt 71,2%, tăng 9,4 điểm phần trăm so với năm 2024.",
            ]},
            {"tieu_de": "II. TỒN TẠI, HẠN CHẾ", "doan": [
                "Một số hồ sơ lĩnh vực đất đai còn giải quyết quá hạn do phải xác minh nguồn gốc sử dụng đất.",
            ]},
            {"tieu_de": "III. NHIỆM VỤ NĂM 2026", "doan": [
                "Tiếp tục đẩy mạnh cung cấp dịch vụ công trực tuyến toàn trình, số hóa hồ sơ, kết quả giải quyết "
                "thủ tục hành chính; phấn đấu tỷ lệ hồ sơ đúng hạn đạt trên 98%.",
            ]},
        ],
        "nguoi_ky": _SIGNER_UBND,
        "noi_nhan": ["Văn phòng Chính phủ (Cục Kiểm soát TTHC)", "Thường trực Tỉnh ủy", "Chủ tịch, các PCT UBND tỉnh"],
    },
    "quyet_dinh": {
        "so": 25,
        "ngay": "2026-01-09",
        "trich_yeu": "Về việc thành lập Tổ công tác triển khai Trợ lý ảo phục vụ người dân và doanh nghiệp",
        "tham_quyen": "Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn",
        "can_cu": [
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025",
            "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư",
        ],
        "de_nghi": "Theo đề nghị của Chánh Văn phòng Ủy ban nhân dân tỉnh",
        "dieu": [
            {"tieu_de": "Thành lập Tổ công tác triển khai Trợ lý ảo", "doan": [
                "Tổ công tác gồm đại diện Văn phòng Ủy ban nhân dân tỉnh, Sở Khoa học và Công nghệ, Sở Nội vụ "
                "và Trung tâm Phục vụ hành chính công tỉnh.",
            ]},
            {"doan": ["Tổ công tác có nhiệm vụ xây dựng, vận hành thử nghiệm và đánh giá Trợ lý ảo trong "
                      "năm 2026; Tổ công tác tự giải thể sau khi hoàn thành nhiệm vụ."]},
            {"doan": ["Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc "
                      "các sở: Khoa học và Công nghệ, Nội vụ và các thành viên Tổ công tác chịu trách nhiệm thi "
                      "hành Quyết định này."]},
        ],
        "nguoi_ky": {"chuc_vu": ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "ho_ten": "Hoàng Văn Nam"},
        "noi_nhan": ["Chủ tịch, các PCT UBND tỉnh", "Lưu: VT"],
    },
    "cong_van": {
        "so": 148,
        "ngay": "2026-03-16",
        "trich_yeu": "V/v đôn đốc cập nhật dữ liệu thủ tục hành chính",
        "linh_vuc": "KSTT",
        "kinh_gui": ["Các sở, ban, ngành tỉnh", "Ủy ban nhân dân các xã, phường"],
        "noi_dung": [
            "Thực hiện chỉ đạo của Thủ tướng Chính phủ về đẩy mạnh cải cách thủ tục hành chính, Ủy ban nhân dân "
            "tỉnh yêu cầu các cơ quan, đơn vị rà soát, cập nhật đầy đủ, chính xác dữ liệu thủ tục hành chính "
            "thuộc phạm vi quản lý trên Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh.",
            "Thời hạn hoàn thành trước ngày 31/3/2026. Giao Văn phòng Ủy ban nhân dân tỉnh theo dõi, đôn đốc, "
            "tổng hợp kết quả, báo cáo Chủ tịch Ủy ban nhân dân tỉnh.",
        ],
        "nguoi_ky": _SIGNER_UBND,
        "noi_nhan": ["Chủ tịch, các PCT UBND tỉnh", "Trung tâm Phục vụ hành chính công tỉnh"],
    },
    "thong_bao": {
        "so": 7,
        "ngay": "2026-02-06",
        "trich_yeu": "Lịch tiếp công dân định kỳ của Chủ tịch Ủy ban nhân dân tỉnh tháng 02 năm 2026",
        "noi_dung": [
            "Ủy ban nhân dân tỉnh thông báo lịch tiếp công dân định kỳ của Chủ tịch Ủy ban nhân dân tỉnh "
            "tháng 02 năm 2026 như sau:",
            "1. Thời gian: 08 giờ 00 phút, thứ Năm, ngày 26/02/2026.",
            "2. Địa điểm: Trụ sở Tiếp công dân tỉnh Lạng Sơn.",
            "Công dân có nhu cầu được tiếp đăng ký trước tại Ban Tiếp công dân tỉnh.",
        ],
        "don_vi_soan_thao": "BTCD",
        "nguoi_ky": {"chuc_vu": ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"], "ho_ten": "Nông Quang Huy"},
        "noi_nhan": ["Chủ tịch UBND tỉnh (b/c)", "Cổng Thông tin điện tử tỉnh", "Báo và Phát thanh, Truyền hình Lạng Sơn"],
    },
    "ke_hoach": {
        **_SO_NOI_VU,
        "so": 18,
        "ngay": "2026-01-20",
        "trich_yeu": "Tập huấn kỹ năng soạn thảo văn bản hành chính cho cán bộ, công chức cấp xã năm 2026",
        "noi_dung": [
            {"tieu_de": "I. MỤC ĐÍCH, YÊU CẦU", "doan": [
                "Nâng cao kỹ năng soạn thảo, trình bày văn bản hành chính theo Nghị định số 30/2020/NĐ-CP cho "
                "cán bộ, công chức cấp xã; bảo đảm thiết thực, hiệu quả, tiết kiệm.",
            ]},
            {"tieu_de": "II. NỘI DUNG, THỜI GIAN", "doan": [
                "1. Nội dung: thể thức, kỹ thuật trình bày văn bản; quản lý văn bản điện tử; sử dụng Trợ lý ảo.",
                "2. Thời gian: 02 lớp, mỗi lớp 02 ngày, tổ chức trong quý II năm 2026.",
                "3. Địa điểm: Hội trường Sở Nội vụ.",
            ]},
            {"tieu_de": "III. KINH PHÍ", "doan": [
                "Từ nguồn ngân sách nhà nước giao Sở Nội vụ năm 2026 và các nguồn hợp pháp khác.",
            ]},
            {"tieu_de": "IV. TỔ CHỨC THỰC HIỆN", "doan": [
                "Văn phòng Sở chủ trì, phối hợp với các phòng chuyên môn triển khai Kế hoạch này; báo cáo kết quả "
                "về Giám đốc Sở trước ngày 30/6/2026.",
            ]},
        ],
        "noi_nhan": ["UBND tỉnh (b/c)", "UBND các xã, phường", "Lãnh đạo Sở"],
    },
}


def example(doc_type: str) -> Dict[str, Any]:
    """A fresh copy of the example request for ``doc_type``."""
    return copy.deepcopy(EXAMPLES[doc_type])
