# Rebuilds the editorial from its data: facts -> checks -> table and figure -> HTML and PDF.
# Two editions come from one source: the corrected one in build/ and the
# published one in build/published/ (see manuscript/README.md).

import shutil
import sys
from pathlib import Path

from snakemake.exceptions import WorkflowError
from snakemake.utils import min_version, validate

sys.path.insert(0, f"{workflow.basedir}/scripts")
from common import schema_problem

min_version("9.0")


configfile: "config/config.yaml"


try:
    validate(config, "schemas/config.schema.yaml")
except WorkflowError as error:
    # validate() prints the whole schema and a traceback; say which setting is
    # wrong, and where, in one line. (A dry run stops here too, so build/ is
    # left alone; `make` empties it.)
    problem = schema_problem("config/config.yaml", config, "schemas/config.schema.yaml")
    print(f"error: {problem or error}", file=sys.stderr)
    sys.exit(1)


ENV = "environment.yml"
EDITIONS = {"": "corrected", "published/": "published"}
DATA = [
    "data/trials.csv",
    "data/arms.csv",
    "data/outcomes.csv",
    "data/exceptions.csv",
    "data/derived.yaml",
]
SCHEMAS = [
    "schemas/trials.schema.yaml",
    "schemas/arms.schema.yaml",
    "schemas/outcomes.schema.yaml",
    "schemas/exceptions.schema.yaml",
]
# Modules the scripts import: a change to one reruns every step.
LIBRARY = ["scripts/common.py", "scripts/reported.py", "scripts/consistency.py"]
RENDERING = [
    "scripts/render.py",
    "pandoc/common.yaml",
    "filters/edition.lua",
    "filters/crossref.lua",
    "filters/facts.lua",
]
FORMATS = {
    "html": ["pandoc/html.yaml", "templates/editorial.html", "templates/editorial.css"],
    "pdf": ["pandoc/typst.yaml", "templates/editorial.typ"],
}


onerror:
    # A failed build must not leave earlier outputs behind that look current.
    shutil.rmtree("build", ignore_errors=True)


wildcard_constraints:
    edition_dir="(|published/)",
    ext="html|pdf",


rule all:
    input:
        expand(
            "build/{edition_dir}editorial.{ext}",
            edition_dir=EDITIONS,
            ext=["html", "pdf"],
        ),
        "build/tables/table1.csv",
        "build/figures/forest.png",


rule references_index:
    input:
        LIBRARY,
        bib=config["bibliography"],
        script="scripts/index_references.py",
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
        SCHEMAS,
        references="build/references.json",
        script="scripts/build_facts.py",
    output:
        "build/facts.json",
    log:
        "logs/facts.log",
    conda:
        ENV
    shell:
        "python {input.script:q} --data data --schemas schemas"
        " --references {input.references:q} --output {output:q} 2> {log:q}"


rule table1:
    input:
        LIBRARY,
        facts="build/facts.json",
        config="config/config.yaml",
        script="scripts/make_table1.py",
    output:
        json="build/tables/table1.json",
        csv="build/tables/table1.csv",
    log:
        "logs/table1.log",
    conda:
        ENV
    shell:
        "python {input.script:q} {input.facts:q} {input.config:q} {output.json:q} {output.csv:q} 2> {log:q}"


rule forest_plot:
    input:
        LIBRARY,
        facts="build/facts.json",
        config="config/config.yaml",
        script="scripts/plot_forest.py",
    output:
        svg="build/figures/forest.svg",
        png="build/figures/forest.png",
        json="build/figures/forest.json",
    log:
        "logs/forest_plot.log",
    conda:
        ENV
    shell:
        "python {input.script:q} {input.facts:q} {input.config:q}"
        " {output.svg:q} {output.png:q} {output.json:q} 2> {log:q}"


rule number_check:
    input:
        LIBRARY,
        manuscript=config["manuscript"],
        metadata=config["metadata"],
        metadata_schema="schemas/metadata.schema.yaml",
        facts="build/facts.json",
        references="build/references.json",
        markdown="scripts/manuscript_markdown.py",
        script="scripts/check_manuscript.py",
    output:
        report="build/{edition_dir}checks/numbers.json",
        summary="build/{edition_dir}checks/numbers.txt",
    log:
        "logs/{edition_dir}number_check.log",
    conda:
        ENV
    params:
        edition=lambda wildcards: EDITIONS[wildcards.edition_dir],
        days_per_month=config["days_per_month"],
    shell:
        "python {input.script:q} {input.manuscript:q} --metadata {input.metadata:q}"
        " --metadata-schema {input.metadata_schema:q} --facts {input.facts:q}"
        " --references {input.references:q} --edition {params.edition:q}"
        " --days-per-month {params.days_per_month:q}"
        " --report {output.report:q} --summary {output.summary:q} 2> {log:q}"
        # Notes, such as references that nothing cites, are shown, not only logged.
        " && cat {log:q}"


rule editorial:
    input:
        LIBRARY,
        RENDERING,
        lambda wildcards: FORMATS[wildcards.ext],
        "build/tables/table1.json",
        "build/figures/forest.svg",
        "build/figures/forest.json",
        manuscript=config["manuscript"],
        metadata=config["metadata"],
        bibliography=config["bibliography"],
        csl=config["csl"],
        facts="build/facts.json",
        references="build/references.json",
        # The renderings wait for both checks: the corrected edition's gates every rendering.
        checks=["build/checks/numbers.json", "build/{edition_dir}checks/numbers.json"],
    output:
        "build/{edition_dir}editorial.{ext}",
    log:
        "logs/{edition_dir}editorial_{ext}.log",
    conda:
        ENV
    params:
        edition=lambda wildcards: EDITIONS[wildcards.edition_dir],
        timestamp=config["pdf_timestamp"],
    shell:
        "python scripts/render.py {wildcards.ext:q} {input.manuscript:q} {output:q}"
        " --metadata {input.metadata:q} --bibliography {input.bibliography:q} --csl {input.csl:q}"
        " --facts {input.facts:q} --references {input.references:q}"
        " --edition {params.edition:q} --timestamp {params.timestamp:q} 2> {log:q}"
