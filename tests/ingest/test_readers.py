import datetime as dt
import json

from dragoman.ingest import read_inputs
from dragoman.schemas import Article, InputError


def _read(*paths, date=None):
    return list(read_inputs([str(p) for p in paths], date))


def test_text_file_keeps_offsets_of_the_input(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Qatar hosted talks.\r\nIraq  attended.\n", encoding="utf-8")
    (article,) = _read(path, date=dt.date(2021, 1, 2))
    assert article.id == "story.txt" and article.date == dt.date(2021, 1, 2)
    assert article.text == "Qatar hosted talks.\nIraq  attended."


def test_jsonl_records_and_their_dates(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        {"id": "a", "text": "Iran met Iraq.", "date": "2020-05-01", "url": "http://x"},
        {"id": "b", "text": "Qatar met Oman."},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n{broken\n", encoding="utf-8")
    first, second, broken = _read(path, date=dt.date(2021, 1, 1))
    assert (first.id, first.date, first.url) == ("a", dt.date(2020, 5, 1), "http://x")
    assert (second.id, second.date) == ("b", dt.date(2021, 1, 1))
    assert isinstance(broken, InputError) and "malformed JSON" in broken.reason
    assert broken.input.endswith("batch.jsonl:4")


def test_html_drops_scripts_and_styles(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>T</title><style>p{}</style></head><body>"
        "<script>alert(1)</script><p>Iran met Iraq.</p></body></html>"
    )
    (article,) = _read(path)
    assert "alert" not in article.text and "p{}" not in article.text
    assert "Iran met Iraq." in article.text and article.title == "T"


def test_bad_inputs_become_error_records_and_the_batch_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "ok.txt").write_text("Iran met Iraq.")
    (tmp_path / "cp1252.txt").write_bytes("Caf\xe9 talks in Doha.".encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes("Talks in Doha.".encode("utf-16"))
    results = _read(tmp_path, tmp_path / "missing.txt")
    errors = {
        type(r).__name__ + ":" + (r.input.rsplit("/", 1)[-1])
        for r in results
        if isinstance(r, InputError)
    }
    assert errors == {"InputError:binary.txt", "InputError:empty.txt", "InputError:missing.txt"}
    texts = sorted(r.text for r in results if isinstance(r, Article))
    assert texts == ["Café talks in Doha.", "Iran met Iraq.", "Talks in Doha."]


def test_invalid_date_in_a_record_is_reported(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "x", "text": "Iran met Iraq.", "date": "10000-01-01"}))
    (error,) = _read(path)
    assert isinstance(error, InputError) and "invalid date" in error.reason


def test_html_publication_date_from_meta_time_or_json_ld(tmp_path):
    pages = {
        "meta.html": '<meta property="article:published_time" content="2021-10-25T08:00:00Z">',
        "time.html": '<time datetime="2021-10-25">Oct 25</time>',
        "ld.html": '<script type="application/ld+json">{"datePublished": "2021-10-25"}</script>',
    }
    for name, head in pages.items():
        (tmp_path / name).write_text(
            f"<html><head>{head}</head><body><p>Iran met Iraq.</p></body></html>"
        )
    articles = _read(tmp_path, date=dt.date(2000, 1, 1))
    assert [a.date for a in articles] == [dt.date(2021, 10, 25)] * 3


def test_html_main_text_and_metadata_by_trafilatura(tmp_path):
    story = " ".join(
        [
            "Iraq's Interior Minister Othman al-Ghanimi flew to Doha on Monday to meet"
            " Qatari officials, the ministry said."
        ]
        * 3
    )
    (tmp_path / "page.html").write_text(
        "<html><head><title>Minister in Doha</title>"
        '<meta property="og:site_name" content="Example News">'
        '<link rel="canonical" href="https://example.org/a/1">'
        '<meta property="article:published_time" content="2021-10-25"></head><body>'
        "<nav>Home | World | Sport</nav><article><h1>Minister in Doha</h1>"
        f"<p>{story}</p></article><footer>Copyright Example</footer></body></html>"
    )
    (article,) = _read(tmp_path)
    assert "al-Ghanimi flew to Doha" in article.text and "Copyright" not in article.text
    assert (article.url, article.source, article.date) == (
        "https://example.org/a/1",
        "Example News",
        dt.date(2021, 10, 25),
    )


def test_rss_feed_entries_and_broken_feeds(tmp_path):
    (tmp_path / "news.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        "<item><title>Iran and Iraq talk</title><link>https://w.example/1</link>"
        "<description>&lt;p&gt;Iran's foreign minister met Iraqi officials.&lt;/p&gt;"
        "</description><pubDate>Mon, 25 Oct 2021 08:00:00 GMT</pubDate></item>"
        "</channel></rss>"
    )
    (tmp_path / "broken.xml").write_text("<rss><channel><item><title>oops")
    results = _read(tmp_path)
    errors = [r for r in results if isinstance(r, InputError)]
    (article,) = [r for r in results if isinstance(r, Article)]
    assert article.url == "https://w.example/1" and article.source == "Wire"
    assert article.date == dt.date(2021, 10, 25)
    assert article.text.startswith("Iran and Iraq talk") and "<p>" not in article.text
    assert len(errors) == 1 and "broken.xml" in errors[0].input


def test_csv_needs_a_text_column(tmp_path):
    (tmp_path / "good.csv").write_text("id,text,date\na1,Iran met Iraq.,2020-01-02\na2,,\n")
    (tmp_path / "bad.csv").write_text("id,body\nx,Iran met Iraq.\n")
    results = _read(tmp_path)
    good = [r for r in results if isinstance(r, Article)]
    assert [(a.id, a.date) for a in good] == [("a1", dt.date(2020, 1, 2))]
    reasons = sorted(r.reason for r in results if isinstance(r, InputError))
    assert any("'text' column" in reason for reason in reasons)
    assert any("empty article" in reason for reason in reasons)
