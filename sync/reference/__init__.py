"""Reference data: the KATOTTG codifier and the list of territories of hostilities/occupation."""

from sync.reference.codifier import CATEGORY_NAMES, Codifier, Unit, get_codifier, is_valid_code_format
from sync.reference.hostilities import (
    SECTION_LABELS,
    SECTION_LABELS_EN,
    SUBSECTION_LABELS,
    SUBSECTION_LABELS_EN,
    HostilitiesList,
    InstallReport,
    Listing,
    Period,
    get_hostilities_list,
    install_edition,
    installed_path,
    parse_exceptions,
)

__all__ = [
    "CATEGORY_NAMES",
    "SECTION_LABELS",
    "SECTION_LABELS_EN",
    "SUBSECTION_LABELS",
    "SUBSECTION_LABELS_EN",
    "Codifier",
    "HostilitiesList",
    "InstallReport",
    "Listing",
    "Period",
    "Unit",
    "get_codifier",
    "get_hostilities_list",
    "install_edition",
    "installed_path",
    "is_valid_code_format",
    "parse_exceptions",
]
