/* lq-playback-timeline.c: see the header. */
#include "lq-playback-timeline.h"

static int
holds (const LqPlaybackSegment *s, int64_t frame)
{
  return frame >= s->start && frame - s->start < s->length;
}

int32_t
lq_playback_timeline_find (const LqPlaybackSegment *segments,
                           uint32_t n_segments,
                           int64_t frame,
                           int32_t hint)
{
  uint32_t lo = 0, hi = n_segments;

  if (n_segments == 0)
    return -1;
  if (hint >= 0 && (uint32_t) hint < n_segments)
    {
      if (holds (&segments[hint], frame))
        return hint;
      if ((uint32_t) hint + 1 < n_segments && holds (&segments[hint + 1], frame))
        return hint + 1;
    }
  /* Binary search: the segments are in timeline order. */
  while (lo < hi)
    {
      uint32_t mid = lo + (hi - lo) / 2;

      if (frame < segments[mid].start)
        hi = mid;
      else if (frame - segments[mid].start >= segments[mid].length)
        lo = mid + 1;
      else
        return (int32_t) mid;
    }
  return -1;
}
