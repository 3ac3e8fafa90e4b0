# Rebuilds the editorial from its data: facts -> checks -> table and figure -> HTML and PDF.
# Two editions come from one source: the corrected one in build/ and the
# published one in build/published/ (see manuscript/README.md).
#
# The working directory is the project (config/config.yaml, data/, manuscript/, the
# bibliography); the machinery (scripts/, filters/, pandoc/, templates/, schemas/) is found
# beside this Snakefile. So the test suite runs the same workflow on the invented project of
# tests/fixture/ with `snakemake --directory`, as Snakemake workflows run their .test/.

import json
import os
import shlex
import shutil
import sys

from snakemake.exceptions import WorkflowError
from snakemake.settings.types import DeploymentMethod
from snakemake.utils import min_version, validate

sys.path.insert(0, f"{workflow.basedir}/scripts")
from common import schema_problem

min_version("9.0")


configfile: "config/config.yaml"


def machinery(path):
    """A file of the workflow itself, beside this Snakefile."""
    return f"{workflow.basedir}/{path}"


try:
    validate(config, machinery("schemas/config.schema.yaml"))
except WorkflowError as error:
    # validate() prints the whole schema and a traceback; say which setting is
    # wrong, and where, in one line. (A dry run stops here too, so build/ is
    # left alone; `make` empties it.)
    problem = schema_problem(
        workflow.configfiles[-1], config, machinery("schemas/config.schema.yaml")
    )
    print(f"error: {problem or error}", file=sys.stderr)
    sys.exit(1)


ENV = "environment.yml"
# The steps run `python`: the Python that runs Snakemake (the project's .venv), whatever PATH
# holds; with --use-conda, the Python of the rule's conda environment.
if DeploymentMethod.CONDA not in workflow.deployment_settings.deployment_method:
    shell.prefix(
        f'set -euo pipefail; export PATH={shlex.quote(os.path.dirname(sys.executable))}:"$PATH"; '
    )
EDITIONS = {"": "corrected", "published/": "published"}
DATA = [
    "data/trials.csv",
    "data/arms.csv",
    "data/outcomes.csv",
    "data/exceptions.csv",
    "data/corrections.csv",
    "data/derived.yaml",
]
SCHEMAS = [
    machinery(f"schemas/{table}.schema.yaml")
    for table in ("trials", "arms", "outcomes", "exceptions", "corrections")
]
# Modules the scripts import: a change to one reruns every step.
LIBRARY = [
    machinery(f"scripts/{module}.py")
    for module in ("common", "reported", "consistency")
]
# How text is read as it looks, for numerals and claim words (the manuscript's and the record's).
WORDS = [
    machinery(f"scripts/{module}.py")
    for module in (
        "skeleton",
        "numerals",
        "claims",
        "claim_verdicts",
        "number_policy",
        "span_context",
    )
]
# How the manuscript is read (once per edition): what the number check reads is what is rendered.
READING = WORDS + [
    machinery(path)
    for path in (
        "scripts/read_manuscript.py",
        "scripts/manuscript_record.py",
        "scripts/record_runs.py",
        "scripts/record_inlines.py",
        "scripts/pandoc_ast.py",
        "scripts/source_lines.py",
        "scripts/number_verdicts.py",
        "scripts/trial_names.py",
        "scripts/estimate_parts.py",
        "scripts/edition_report.py",
        "scripts/fact_agreement.py",
        "pandoc/read.yaml",
        "filters/edition.lua",
        "filters/crossref.lua",
        "filters/resources.lua",
    )
]
RENDERING = [
    machinery(path)
    for path in (
        "scripts/audit_output.py",
        "scripts/citation_formats.py",
        "scripts/read_manuscript.py",
        "scripts/pandoc_ast.py",
        "pandoc/common.yaml",
        "filters/facts.lua",
        "filters/corrections.lua",
        "filters/report.lua",
        "filters/references.lua",
        "filters/figures.lua",
        "filters/resources.lua",
    )
]
FORMATS = {
    "html": [
        machinery(path)
        for path in (
            "pandoc/html.yaml",
            "templates/editorial.html",
            "templates/editorial.css",
            "filters/sentences.lua",
        )
    ],
    "pdf": [
        machinery(path)
        for path in (
            "pandoc/typst.yaml",
            "templates/editorial.typ",
            "filters/typst.lua",
        )
    ],
}


onerror:
    # A failed build must not leave earlier outputs behind that look current.
    shutil.rmtree("build", ignore_errors=True)


wildcard_constraints:
    edition_dir="(|published/)",


rule all:
    input:
        expand(
            "build/{edition_dir}editorial.{ext}",
            edition_dir=EDITIONS,
            ext=["html", "pdf"],
        ),
        "build/tables/table1.csv",
        "build/figures/forest.png",
        "build/editorial.docx",


rule references_index:
    input:
        LIBRARY,
        bib=config["bibliography"],
        script=machinery("scripts/index_references.py"),
    output:
        "build/references.json",
    log:
        "logs/references_index.log",
    conda:
        ENV
    shell:
        "python {input.script:q} {input.bib:q} {output:q} 2> {log:q}"


rule facts:
    input:
        LIBRARY,
        DATA,
        machinery("scripts/data_checks.py"),
        machinery("scripts/derived_facts.py"),
        schemas=SCHEMAS,
        references="build/references.json",
        script=machinery("scripts/build_facts.py"),
    output:
        "build/facts.json",
    log:
        "logs/facts.log",
    conda:
        ENV
    params:
        schemas=lambda wildcards, input: os.path.dirname(input.schemas[0]),
    shell:
        "python {input.script:q} --data data --schemas {params.schemas:q}"
        " --references {input.references:q} --output {output:q} 2> {log:q}"


rule table1:
    input:
        LIBRARY,
        facts="build/facts.json",
        script=machinery("scripts/make_table1.py"),
    output:
        json="build/tables/table1.json",
        csv="build/tables/table1.csv",
    log:
        "logs/table1.log",
    conda:
        ENV
    params:
        criteria=lambda wildcards: json.dumps(config["table1"], sort_keys=True),
        config_file=workflow.configfiles[-1],
    shell:
        "python {input.script:q} {input.facts:q} {output.json:q} {output.csv:q}"
        " --criteria {params.criteria:q} --config-file {params.config_file:q} 2> {log:q}"


rule forest_plot:
    input:
        LIBRARY,
        machinery("scripts/forest_rows.py"),
        facts="build/facts.json",
        script=machinery("scripts/plot_forest.py"),
    output:
        svg="build/figures/forest.svg",
        png="build/figures/forest.png",
        json="build/figures/forest.json",
    log:
        "logs/forest_plot.log",
    conda:
        ENV
    params:
        settings=lambda wildcards: json.dumps(config["forest_plot"], sort_keys=True),
        config_file=workflow.configfiles[-1],
    shell:
        "python {input.script:q} {input.facts:q} {output.svg:q} {output.png:q} {output.json:q}"
        " --settings {params.settings:q} --config-file {params.config_file:q} 2> {log:q}"


rule metadata:
    input:
        LIBRARY,
        WORDS,
        metadata=config["metadata"],
        schema=machinery("schemas/metadata.schema.yaml"),
        script=machinery("scripts/check_metadata.py"),
    output:
        "build/metadata.json",
    log:
        "logs/metadata.log",
    conda:
        ENV
    params:
        designations=lambda wildcards: json.dumps(
            config["number_check"]["designations"]
        ),
        claim_wording=lambda wildcards: json.dumps(config["claims"]["wording"]),
    shell:
        "python {input.script:q} {input.metadata:q} {input.schema:q} {output:q}"
        " --designations {params.designations:q} --claim-wording {params.claim_wording:q} 2> {log:q}"


# One edition: its number check (the AST and report the renderings read), then both renderings.
# One job, so that a prose edit waits for Snakemake's scheduling once, not twice.
rule edition:
    input:
        LIBRARY,
        READING,
        RENDERING,
        FORMATS["html"],
        FORMATS["pdf"],
        "build/tables/table1.json",
        "build/figures/forest.json",
        "build/figures/forest.svg",
        manuscript=config["manuscript"],
        bibliography=config["bibliography"],
        csl=config["csl"],
        metadata="build/metadata.json",
        facts="build/facts.json",
        references="build/references.json",
        check=machinery("scripts/check_numbers.py"),
        render=machinery("scripts/render.py"),
    output:
        ast="build/{edition_dir}manuscript.json",
        report="build/{edition_dir}checks/numbers.json",
        summary="build/{edition_dir}checks/numbers.txt",
        html="build/{edition_dir}editorial.html",
        pdf="build/{edition_dir}editorial.pdf",
    log:
        "logs/{edition_dir}edition.log",
    conda:
        ENV
    params:
        edition=lambda wildcards: EDITIONS[wildcards.edition_dir],
        days_per_month=config["days_per_month"],
        settings=lambda wildcards: json.dumps(config["number_check"], sort_keys=True),
        claims=lambda wildcards: json.dumps(config["claims"], sort_keys=True),
        timestamp=config["pdf_timestamp"],
    shell:
        "python {input.check:q} {input.manuscript:q} --edition {params.edition:q}"
        " --metadata {input.metadata:q} --bibliography {input.bibliography:q} --csl {input.csl:q}"
        " --facts {input.facts:q} --references {input.references:q} --settings {params.settings:q}"
        " --claims {params.claims:q}"
        " --days-per-month {params.days_per_month:q} --ast {output.ast:q}"
        " --report {output.report:q} --summary {output.summary:q} 2> {log:q}"
        " && python {input.render:q} {output.ast:q} --html {output.html:q} --pdf {output.pdf:q}"
        " --manuscript {input.manuscript:q} --report {output.report:q} --references {input.references:q}"
        " --metadata {input.metadata:q} --edition {params.edition:q} --timestamp {params.timestamp:q} 2>> {log:q}"
        # Notes, such as references that nothing cites, are shown, not only logged.
        " && cat {log:q}"


# The corrected edition as Word, for a journal that asks for a Word file (the review's tracked
# copy, make review, starts from the same rendering).
rule docx:
    input:
        LIBRARY,
        RENDERING,
        "build/figures/forest.png",
        machinery("pandoc/docx.yaml"),
        machinery("filters/docx.lua"),
        machinery("scripts/docx_output.py"),
        machinery("scripts/render.py"),
        ast="build/manuscript.json",
        report="build/checks/numbers.json",
        references="build/references.json",
        metadata="build/metadata.json",
        manuscript=config["manuscript"],
        script=machinery("scripts/render_docx.py"),
    output:
        "build/editorial.docx",
    log:
        "logs/docx.log",
    conda:
        ENV
    params:
        timestamp=config["pdf_timestamp"],
    shell:
        "python {input.script:q} {input.ast:q} --docx {output:q} --manuscript {input.manuscript:q}"
        " --report {input.report:q} --references {input.references:q} --metadata {input.metadata:q}"
        " --timestamp {params.timestamp:q} 2> {log:q}"
