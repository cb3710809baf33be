from django.utils.translation import gettext_lazy as _

from apps.core.areas import ExportSection, PlanArea, register

# The career record: documents made from every other area's evidence. Never shared through an
# area's switch (a mentor sees the documents shared with them by name).
AREA = register(
    PlanArea(
        key="record",
        label=_("Career record"),
        url_name="record:index",
        order=47,
        export=(
            ExportSection(
                name="brag_documents",
                model="record.BragDocument",
                owner_path="owner",
                fields=("title", "purpose", "period_start", "period_end"),
            ),
            ExportSection(
                name="brag_versions",
                model="record.BragVersion",
                owner_path="document__owner",
                fields=("document_id", "number", "lines"),
            ),
        ),
    )
)
