"""The report page: one self-contained HTML file comparing some roles, to send or print.

It holds, in order: the roles' summaries; the comparison side by side (compare's answer); per
dimension, a Venn diagram (two or three roles) or an UpSet chart (more); the heatmap (three roles or
more); with a person's skills, their fit and what to learn (fit's answer); and the roles' sources,
linked. Styles and pictures are inside the page (inline CSS and SVG): no script, nothing fetched.
The tables are the same Answers every other format renders (render_html.py), the pictures the same
SVG the chart commands write.

It prints on A4 and on Letter alike: the page sets margins but no paper size, everything fits the
narrower of the two (A4, 180 mm between the margins), tables repeat their headers across pages,
and no picture or table row is split. Text is near-black on white (contrast over 15:1), links dark
blue (over 7:1).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from roles_cli import __version__
from roles_cli.render_html import escape, html_answer

if TYPE_CHECKING:
    from roles_cli.matching import Fit
    from roles_cli.model import Role, RoleSet

STYLE = """
:root { color: #1a1a1a; background: #ffffff;
  font: 15px/1.45 Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif; }
body { max-width: 62rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; line-height: 1.2; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 .6rem; border-bottom: 2px solid #d9d9d9; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .3rem; }
p { margin: .3rem 0 .6rem; }
.lead, .caption, .note, figcaption, .aliases { color: #595959; }
a { color: #0b4f94; }
.roles { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 0 1.5rem; }
.table { margin: .8rem 0 1.2rem; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: bold; padding: .2rem 0 .4rem; }
th, td { border: 1px solid #bfbfbf; padding: .35rem .5rem; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }
thead th { background: #f2f2f2; }
th[scope=row] { font-weight: bold; background: #fafafa; overflow-wrap: normal; }
.num { text-align: right; white-space: nowrap; }
ul.items { list-style: none; margin: 0; padding: 0; }
ul.items li { padding-left: 1.2em; text-indent: -1.2em; }
.mark { color: #595959; display: inline-block; width: 1.2em; text-indent: 0; }
.hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
mark { background: #fde725; }
figure { margin: 1rem 0 1.6rem; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { margin-top: .3rem; font-size: .9rem; }
ul.sources { padding-left: 1.2rem; }
footer { margin-top: 2.5rem; color: #595959; font-size: .85rem; }
@page { margin: 15mm; }
@media print {
  :root { font-size: 10pt; }
  body { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  h3 { break-after: avoid; }
  figure, tr, .role { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: #1a1a1a; }
  ul.sources a[href]::after { content: " <" attr(href) ">"; overflow-wrap: anywhere; }
}
"""


def report_page(
    roles: RoleSet,
    chosen: Sequence[Role],
    dimensions: Sequence[str] | None = None,
    *,
    method: str = "tfidf",
    fitted: Fit | None = None,
) -> str:
    """The page comparing `chosen` (two or more roles of `roles`) over `dimensions` (default: all);
    with `fitted`, a person's fit to them."""
    from roles_cli.analysis import compare, overlap
    from roles_cli.chart_heatmap import heatmap_svg
    from roles_cli.chart_upset import upset, upset_svg
    from roles_cli.chart_venn import venn, venn_svg
    from roles_cli.matrix import similarity_matrix
    from roles_cli.report import compare_report
    from roles_cli.report_person import fit_report

    picked = roles.pick(chosen)
    dims = roles.pick_dimensions(dimensions)
    names = [role.name for role in picked]
    title = " vs ".join(names)
    body = [
        "<header>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="lead">{len(picked)} roles compared on {escape(", ".join(dims))}, from {escape(roles.source)}.</p>',
        "</header>",
        "<main>",
        '<section aria-labelledby="roles"><h2 id="roles">The roles</h2><div class="roles">',
    ]
    for role in picked:
        aliases = f'<p class="aliases">Also: {escape(", ".join(role.aliases))}</p>' if role.aliases else ""
        body.append(
            f'<div class="role"><h3>{escape(role.name)} <span class="aliases">({escape(role.id)})</span></h3>'
            f"{aliases}<p>{escape(role.summary)}</p></div>"
        )
    body.append("</div></section>")

    comparison = compare(roles, picked, dims, method=method)
    body += [
        '<section aria-labelledby="side-by-side"><h2 id="side-by-side">Side by side</h2>',
        html_answer(compare_report(comparison)),
        "</section>",
        '<section aria-labelledby="shared"><h2 id="shared">What they share</h2>',
    ]
    for n, dimension in enumerate(dims):
        result = overlap(roles, picked, [dimension], top=0)
        if len(picked) <= 3:
            picture = venn_svg(venn(result), ident=f"venn-{n}")
        else:
            picture = upset_svg(upset(result, top=None), ident=f"upset-{n}")
        body.append(f"<figure>{picture}</figure>")
    body.append("</section>")
    if len(picked) >= 3:
        grid = similarity_matrix(roles, picked, dims, method=method)
        body += [
            '<section aria-labelledby="alike"><h2 id="alike">How alike they are</h2>',
            f"<figure>{heatmap_svg(grid, ident='heatmap')}</figure></section>",
        ]
    if fitted is not None:
        body += [
            '<section aria-labelledby="fit"><h2 id="fit">Your fit</h2>',
            html_answer(fit_report(fitted, top=None)),
            "</section>",
        ]
    body.append('<section aria-labelledby="sources"><h2 id="sources">Sources</h2>')
    for role in picked:
        body.append(f"<h3>{escape(role.name)}</h3>")
        if not role.sources:
            body.append('<p class="note">The file names no sources for this role.</p>')
            continue
        # Only web addresses become links: a file's "javascript:" or "file:" address stays text.
        links = [
            f'<li><a href="{escape(s.url)}">{escape(s.title)}</a></li>'
            if s.url and s.url.casefold().startswith(("https://", "http://"))
            else f"<li>{escape(s.title)}{escape(f' <{s.url}>') if s.url else ''}</li>"
            for s in role.sources
        ]
        body.append(f'<ul class="sources">{"".join(links)}</ul>')
    body += [
        "</section>",
        "</main>",
        f"<footer>Made with roles {escape(__version__)} from {escape(roles.source)}.</footer>",
    ]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )
