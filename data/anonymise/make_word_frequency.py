"""Regenerate word_frequency.txt from wordfreq (code Apache-2.0; data CC BY-SA 4.0).

    pip install wordfreq==3.1.1 && python data/anonymise/make_word_frequency.py

Only needed to refresh the list: the anonymiser reads the committed text file, offline. Keeps the English
words of wordfreq's "large" list with a Zipf frequency of 3.0 or more (about once per million words and
up), lower-case letters only, with their Zipf value to one decimal. Rules 22 read it to tell a misspelt
common word ("caim" for "calm", "paion" for "pain") from a rare name: the first is one edit from a word
far more common than itself. The file is an adaptation of wordfreq's data and is shared under the same
licence, CC BY-SA 4.0 (see LICENSE-word-frequency.txt).
"""

from __future__ import annotations

from pathlib import Path

from wordfreq import get_frequency_dict, zipf_frequency

HERE = Path(__file__).parent
#: The lowest Zipf frequency kept (3.0: once per million words).
FLOOR = 3.0


def main() -> None:
    words = {
        w: zipf_frequency(w, "en", wordlist="large")
        for w in get_frequency_dict("en", wordlist="large")
        if w.isascii() and w.isalpha() and w.islower()
    }
    kept = sorted((w, z) for w, z in words.items() if z >= FLOOR)
    header = (
        "# English word frequencies from wordfreq 3.1.1 (https://github.com/rspeer/wordfreq), data CC BY-SA 4.0:\n"
        "# https://creativecommons.org/licenses/by-sa/4.0/ . Made by make_word_frequency.py: lower-case words\n"
        f"# with a Zipf frequency of {FLOOR} or more, one per line with its Zipf value. This list is an adaptation\n"
        "# of wordfreq's data and is shared under CC BY-SA 4.0 too.\n"
    )
    body = "\n".join(f"{w} {z:.1f}" for w, z in kept)
    (HERE / "word_frequency.txt").write_text(header + body + "\n", encoding="utf-8")
    print(len(kept), "words")


if __name__ == "__main__":
    main()
