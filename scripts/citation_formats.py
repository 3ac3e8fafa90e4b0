"""What a journal's article page offers besides the text, made from the checked record and the title.

The citation downloads (RIS, BibTeX), the JSON-LD ScholarlyArticle, the page's description
and its links to the other files: plain strings, given to the HTML template as metadata
(scripts/render.py). Deterministic: keys in a fixed order, no dates but the record's.
"""

import json
from urllib.parse import quote


def data_uri(mime, text):
    """Text as a data: URI (RFC 2397), percent-encoded, the same bytes on every run."""
    return f"data:{mime};charset=utf-8," + quote(text, safe="-._~")


def family_and_given(name):
    given, _, family = name.rpartition(" ")
    return family, given


def ris(record, title):
    lines = ["TY  - JOUR"] + [f"AU  - {', '.join(family_and_given(author['name']))}" for author in record["author"]]
    year, month, day = record["date"].split("-")
    lines += [f"TI  - {title}", f"T2  - {record['journal']}", f"J2  - {record.get('journal-abbrev', '')}",
              f"PY  - {year}", f"DA  - {year}/{month}/{day}", f"VL  - {record['volume']}", f"IS  - {record['issue']}",
              f"SP  - {record['first-page']}", f"EP  - {record['last-page']}", f"DO  - {record['doi']}",
              f"UR  - https://doi.org/{record['doi']}"]
    lines += [f"KW  - {keyword}" for keyword in record.get("keywords", [])]
    lines += [f"AN  - PMID:{record['pmid']}"] if record.get("pmid") else []
    return "\r\n".join(lines + ["LA  - en", "ER  - "]) + "\r\n"


def citation_key(record):
    return record["author"][0]["cited-name"].split()[0].lower() + record["year"]


def bibtex(record, title):
    authors = " and ".join(", ".join(family_and_given(author["name"])) for author in record["author"])
    fields = [("author", authors), ("title", title), ("journal", record["journal"]), ("year", record["year"]),
              ("volume", record["volume"]), ("number", record["issue"]),
              ("pages", f"{record['first-page']}--{record['last-page']}"), ("doi", record["doi"])]
    fields += [("pmid", record["pmid"])] if record.get("pmid") else []
    fields += [("keywords", ", ".join(record.get("keywords", []))), ("language", "english")]
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
    return f"@article{{{citation_key(record)},\n{body}}}\n"


def json_ld(record, title, abstract, lang):
    article = {
        "@context": "https://schema.org", "@type": "ScholarlyArticle", "headline": title, "name": title,
        "author": [{"@type": "Person", "name": author["name"]} for author in record["author"]],
        "datePublished": record["date"], "inLanguage": lang, "keywords": record.get("keywords", []),
        "abstract": abstract,
        "identifier": {"@type": "PropertyValue", "propertyID": "DOI", "value": record["doi"]},
        "sameAs": f"https://doi.org/{record['doi']}", "license": record["license-url"],
        "pagination": f"{record['first-page']}-{record['last-page']}", "pageStart": record["first-page"],
        "pageEnd": record["last-page"],
        "isPartOf": {"@type": "PublicationIssue", "issueNumber": record["issue"],
                     "isPartOf": {"@type": "PublicationVolume", "volumeNumber": record["volume"],
                                  "isPartOf": {"@type": "Periodical", "name": record["journal"]}}},
    }
    # "</" may not appear inside a script element.
    return json.dumps(article, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def page_fields(record, title, abstract, lang, edition, table_csv):
    """The metadata the HTML template shows besides the record: {name: plain string}."""
    published = edition == "published"
    fields = {
        "ris-href": data_uri("application/x-research-info-systems", ris(record, title)),
        "bibtex-href": data_uri("application/x-bibtex", bibtex(record, title)),
        "citation-file": citation_key(record),
        "publication-date": record["date"].replace("-", "/"),
        "files-prefix": "../" if published else "",
        "other-edition-href": "../editorial.html" if published else "published/editorial.html",
        "other-edition": "the corrected edition" if published else "the edition as published",
        "description-meta": abstract,
        "json-ld": json_ld(record, title, abstract, lang),
    }
    if table_csv is not None:
        fields["table-csv-href"] = data_uri("text/csv", table_csv)
    return fields
