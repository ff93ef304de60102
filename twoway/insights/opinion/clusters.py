"""Opinion groups: k-means base clusters on the map, then 2 to 5 groups chosen by silhouette.

As Pol.is does (Small et al. 2021, section 3), participants are first summarised by up to 100
base clusters (k-means on their map positions); the groups are then a weighted k-means of the
base clusters' centres (weights: their sizes) for each k from 2 to 5, and the k with the best
silhouette wins. The silhouette here weighs each base cluster by its size, which is exactly the
silhouette of the participants with each one moved to its base cluster's centre (tested against
scikit-learn's on the expanded points).

Two rules are twoway's own. Reproducibility: every k-means has a fixed seed. Privacy: a
solution with a group of fewer than `min_group_size` participants is not a candidate, so no
group is ever shown that is smaller than the anonymity threshold; when no k qualifies there
are no groups.

The k-means run on one thread: on 100 points (or 20,000 in two dimensions) OpenMP's start-up
and, on a busy server, its contention cost far more than they save (25x on the groups step on
a shared 2-core machine; bench/conversations.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_limits

from twoway.insights.opinion.votes import FloatArray, IntArray

BASE_CLUSTERS = 100
GROUP_COUNTS = range(2, 6)
SEED = 20240611
UNGROUPED = -1


@dataclass(frozen=True)
class Groups:
    """`labels[r]` is participant r's group (0 = the largest), or UNGROUPED; `silhouette` is the
    chosen solution's (None when there are no groups)."""

    labels: IntArray
    count: int
    silhouette: float | None
    centres: FloatArray


def base_clusters(points: FloatArray, seed: int = SEED) -> tuple[IntArray, FloatArray]:
    """Each point's base cluster and the clusters' centres (at most BASE_CLUSTERS).

    With no more distinct points than that, every distinct point is its own base cluster.
    """
    distinct, inverse = np.unique(points, axis=0, return_inverse=True)
    if len(distinct) <= BASE_CLUSTERS:
        return inverse.reshape(-1).astype(np.int64), distinct
    kmeans = KMeans(n_clusters=BASE_CLUSTERS, n_init=1, random_state=seed).fit(points)
    return kmeans.labels_.astype(np.int64), kmeans.cluster_centers_


def weighted_silhouette(points: FloatArray, weights: npt.ArrayLike, labels: IntArray) -> float:
    """Mean silhouette of a population where `weights[i]` people stand at `points[i]`.

    Equal to scikit-learn's `silhouette_score` of the points repeated `weights` times: a
    person's mean distance to their own cluster excludes only themselves, and a person alone in
    their cluster scores 0 (Rousseeuw 1987).
    """
    w = np.asarray(weights, dtype=np.float64)
    distance = np.linalg.norm(points[:, None, :] - points[None, :, :], axis=2)
    clusters = np.unique(labels)
    member = labels[:, None] == clusters[None, :]
    # Weighted total distance from each point to each cluster, and each cluster's weight.
    to_cluster = distance @ (member * w[:, None])
    size = (member * w[:, None]).sum(axis=0)
    own = np.searchsorted(clusters, labels)
    own_size = size[own]
    with np.errstate(divide="ignore", invalid="ignore"):
        inside = to_cluster[np.arange(len(points)), own] / (own_size - 1)
        mean_to = to_cluster / size[None, :]
    mean_to[np.arange(len(points)), own] = np.inf
    nearest = mean_to.min(axis=1)
    score = (nearest - inside) / np.maximum(inside, nearest)
    score = np.where(own_size > 1, np.nan_to_num(score), 0.0)
    return float((score * w).sum() / w.sum())


def choose_groups(
    points: FloatArray,
    eligible: npt.NDArray[np.bool_],
    *,
    min_group_size: int = 1,
    seed: int = SEED,
) -> Groups:
    """Group the eligible participants (see the module docstring); the others are UNGROUPED."""
    labels = np.full(len(points), UNGROUPED, dtype=np.int64)
    with threadpool_limits(limits=1):
        chosen = _best_solution(points[eligible], min_group_size, seed)
    if chosen is None:
        return Groups(labels, 0, None, np.zeros((0, points.shape[1])))
    member_labels, score = chosen
    member_labels = _largest_first(member_labels)
    labels[eligible] = member_labels
    centres = np.array([points[labels == g].mean(axis=0) for g in range(member_labels.max() + 1)])
    return Groups(labels, len(centres), score, centres)


def _best_solution(
    points: FloatArray, min_group_size: int, seed: int
) -> tuple[IntArray, float] | None:
    if len(points) < 2 * max(min_group_size, 1):
        return None
    base_of, centres = base_clusters(points, seed)
    weights = np.bincount(base_of, minlength=len(centres)).astype(np.float64)
    best: tuple[IntArray, float] | None = None
    for k in GROUP_COUNTS:
        if k >= len(centres):
            break
        kmeans = KMeans(n_clusters=k, n_init=10, random_state=seed)
        base_labels = kmeans.fit_predict(centres, sample_weight=weights).astype(np.int64)
        sizes = np.bincount(base_labels, weights=weights, minlength=k)
        if sizes.min() < max(min_group_size, 1):
            continue
        score = weighted_silhouette(centres, weights, base_labels)
        # Strictly better only: on a tie the smaller k (the simpler map) stays.
        if best is None or score > best[1] + 1e-12:
            best = (base_labels[base_of], score)
    return best


def _largest_first(labels: IntArray) -> IntArray:
    """Renumber groups by size, largest first (ties by old label): A is always the largest."""
    sizes = np.bincount(labels)
    order = sorted(range(len(sizes)), key=lambda g: (-sizes[g], g))
    renumber = np.empty(len(sizes), dtype=np.int64)
    renumber[order] = np.arange(len(sizes))
    return renumber[labels]


def place_in_nearest(points: FloatArray, groups: Groups, who: npt.NDArray[np.bool_]) -> Groups:
    """The same groups with the participants `who` added to the group whose centre is nearest."""
    if groups.count == 0 or not who.any():
        return groups
    labels = groups.labels.copy()
    distance = np.linalg.norm(points[who][:, None, :] - groups.centres[None, :, :], axis=2)
    labels[who] = distance.argmin(axis=1)
    return Groups(labels, groups.count, groups.silhouette, groups.centres)
