"""Where the model's arrays get their memory: from heap memory the process keeps, not fresh pages per article.

The model's layers (thinc) make new numpy arrays for every article and layer, sized by the article's tokens.
glibc's malloc serves a large allocation with fresh pages (mmap, or by growing its heap) and gives the memory
back when it is freed and the heap's free top passes its trim threshold (64 MiB at most by default); numpy asks
for huge pages for arrays of 4 MiB or more. Fresh pages cost a page fault each as they are first written. A short
article's arrays fit in memory the heap already holds; a long one's grow the heap (by about 390 MB for 110,000
characters), which is given back after the article and faulted in again for the next. So a long article paid more
per word: one 345-word article ×50 took 1.2–1.45× the CPU of 50 single copies, the model's tok2vec 3.2–4.3× per
copy, with about 400 minor page faults per copy against 40 for one copy (bench/growth.py).
With the thresholds below, the arrays of an article up to `DEFAULT_MAX_CHARS` come from the heap and the memory
stays for the next article: about 0 faults per copy at every length, ×50 at 0.86–0.98 of linear.
"""

from __future__ import annotations

import ctypes
import sys

#: mallopt(3) parameters (glibc's malloc.h).
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
#: Allocations up to this size come from the heap: the model's largest array of a 110,000-character article is
#: 49 MB (strace of its run). 32 MiB (glibc's ceiling for its own moving threshold) left the faults as they were.
HEAP_ALLOCATION_LIMIT = 64 * 2**20
#: Free memory at the heap's top kept for the next article instead of being given back to the kernel: above the
#: 390 MB a 110,000-character article grows the heap by (128 MiB left the faults as they were).
HEAP_KEPT = 512 * 2**20


def keep_arrays_on_heap() -> bool:
    """Set glibc's malloc to serve allocations up to `HEAP_ALLOCATION_LIMIT` from its heap and keep up to
    `HEAP_KEPT` of freed memory; True when set. Elsewhere (not Linux, another C library) nothing changes."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, HEAP_ALLOCATION_LIMIT)) and bool(mallopt(M_TRIM_THRESHOLD, HEAP_KEPT))
