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


V_TOP, V_SPAN, V_ROW = 30, 520, 26  # the small-screen roadmap: top margin, axis length, row


@register.filter
def vertical(roadmap):
    """The roadmap for small screens: time runs down the page, each span between horizons a
    quarter of the axis, and labels that would collide pushed down, each tied to its dot."""
    label_y, points = V_TOP - V_ROW, []
    for point in roadmap.points:
        y = round(V_TOP + V_SPAN * point.x / 100)
        label_y = max(y, label_y + V_ROW)
        points.append({"point": point, "y": y, "label_y": label_y})
    marks = [
        {"label": mark.label, "y": round(V_TOP + V_SPAN * mark.x / 100)} for mark in roadmap.marks
    ]
    return {"marks": marks, "points": points, "height": max(V_TOP + V_SPAN, label_y) + 24}
