"""Pure statistics of gaps and the anonymity rules (no Django import).

Start with `gap_results(counts, k)`: answer counts in, one plain record per cell out.
"""

from twoway.insights.anonymity import (
    DEFAULT_K,
    MIN_K,
    Relation,
    effective_threshold,
    find_leak,
    protect_cells,
    validate_threshold,
)
from twoway.insights.cells import CellGrid, ancestors, normalise_unit, unit_tree
from twoway.insights.gap import (
    benjamini_hochberg,
    cliffs_delta_ci_from_counts,
    cliffs_delta_from_counts,
    cliffs_delta_variance_from_counts,
    mann_whitney_p_from_counts,
    severity,
)
from twoway.insights.likert import (
    Scale,
    distribution_from_counts,
    infer_scale,
    mean_from_counts,
    n_from_counts,
    top2_from_counts,
)
from twoway.insights.readers import AnswerFileError, read_answers, read_table
from twoway.insights.results import build_cube, count_answers, gap_results, suppression_status

__all__ = [
    "DEFAULT_K",
    "MIN_K",
    "AnswerFileError",
    "CellGrid",
    "Relation",
    "Scale",
    "ancestors",
    "benjamini_hochberg",
    "build_cube",
    "cliffs_delta_ci_from_counts",
    "cliffs_delta_from_counts",
    "cliffs_delta_variance_from_counts",
    "count_answers",
    "distribution_from_counts",
    "effective_threshold",
    "find_leak",
    "gap_results",
    "infer_scale",
    "mann_whitney_p_from_counts",
    "mean_from_counts",
    "n_from_counts",
    "normalise_unit",
    "protect_cells",
    "read_answers",
    "read_table",
    "severity",
    "suppression_status",
    "top2_from_counts",
    "unit_tree",
    "validate_threshold",
]
