from django import template

register = template.Library()


@register.filter
def is_overdue(milestone, today):
    return milestone.is_overdue(today)


ROADMAP_LEFT, ROADMAP_WIDTH = 20, 960
LANE_TOP, LANE_HEIGHT = 64, 30


@register.filter
def roadmap_x(share):
    """A 0-100 position on the roadmap as an SVG x coordinate."""
    return round(ROADMAP_LEFT + ROADMAP_WIDTH * float(share) / 100)


@register.filter
def roadmap_lane_y(lane):
    return LANE_TOP + LANE_HEIGHT * int(lane)


@register.filter
def roadmap_height(roadmap):
    return LANE_TOP + LANE_HEIGHT * roadmap.lanes
