"""How common each word is in general Portuguese: a language-level document frequency.

A help center of a few dozen articles cannot tell a narrative word from a concept: "queria",
"mesma" or "vejo" may occur in one article, or in none, and then weigh as the rarest, most
specific words of a reader's description. General Portuguese can: a word most texts use says
little about which article a reader needs. ``GENERAL_SHARES`` maps an index term (a stem, as
``normalise.stem_term`` makes it) to the share, in thousandths, of ordinary texts of
``DOCUMENT_WORDS`` words that would hold it; only terms held by at least ``MIN_SHARE`` of them are
listed (the rest change nothing). The query engines (``confidence.word_weights`` and
``kbgen-search.js``'s ``wordWeights``) take a word's document frequency as the larger of the
site's count and this share of the site's documents, so the rule stays one of document frequency.

The table is derived from wordfreq 3.1 (Robyn Speer; its Portuguese "best" list, built from
Wikipedia, OpenSubtitles, ParaCrawl, Google Books, Twitter and other sources) by ``derive()``,
and vendored so that a build needs neither the library nor its data; ``tests/search/
test_search_generalfreq.py`` regenerates it when wordfreq is installed (the test extra). The
data is under CC BY-SA 4.0: ``LICENSE.wordfreq.txt`` in this folder. Regenerate with
``python -m kbgen.search.generalfreq > table.txt`` and paste it over ``_TABLE``.

The share of a word of frequency f (its probability per word of running text) in a text of n
words is 1 - exp(-n f) (words drawn independently, a Poisson estimate); a term's frequency is the
sum of those of the words that stem to it, stop words and question fillers left out (a query
never holds them).
"""

from __future__ import annotations

import math
import textwrap

DOCUMENT_WORDS = 300  # an "ordinary text": about a help article (the sample articles: median 288 words)
MIN_SHARE = 0.05  # terms held by fewer texts than this are left out: for them the site's count decides
LANGUAGE = "pt"

_TABLE = """
abert:54 aca:79 acab:170 aceit:67 acess:79 acha:51 acho:165 acompanh:56 acontec:201 acord:146
acredit:127 administr:55 ador:54 afirm:67 agor:327 agost:52 agu:122 ai:146 aind:365 ajud:117
alem:153 algo:115 algu:165 algum:247 alguns:149 ali:74 alto:53 amanh:52 amer:57 american:94
amig:185 amor:104 and:87 anim:65 ano:235 anos:359 anterior:51 antes:162 antig:65 aparec:82
apen:226 apes:66 apoi:80 apos:138 aprend:65 apresent:140 aqu:367 are:144 artig:60 artist:56
assim:291 assoc:64 assunt:59 atenca:70 ativ:84 atras:82 atrav:108 atual:77 aument:80 autor:97
baix:97 banc:57 band:57 bas:104 bastant:53 bat:73 beb:84 bel:55 bem:392 boa:152 bom:239 branc:63
brasil:297 brasileir:198 busc:73 c:71 cabec:79 cad:191 cam:106 caminh:78 camp:81 cant:55
capital:55 car:167 carr:71 cas:435 caus:128 centr:102 cerc:85 cert:143 certez:55 cham:213 cheg:245
cidad:230 cinc:71 clar:103 cois:351 coloc:122 com:127 comec:239 comig:87 complet:77 compr:112
comun:69 comunic:62 conhec:233 consegu:149 conselh:51 consider:97 construca:51 cont:261
continu:149 contr:162 control:86 convers:77 cop:72 cor:54 coraca:62 corp:86 corr:82 cort:69
cri:150 crianc:120 critic:70 cuid:66 cultur:76 d:101 dad:106 dar:170 decid:65 decisa:57 deix:274
dem:72 dentr:121 descobr:60 desculp:54 desd:159 desej:64 desenvolv:120 deu:74 deus:197 dev:324
dezembr:51 dia:400 dias:173 diferent:115 dificil:70 dinheir:97 direit:161 diret:50 diss:163
divers:78 divulg:52 diz:342 dois:221 dorm:56 duas:137 durant:177 econom:87 edica:50 educ:73
embor:87 empreg:54 empres:108 encontr:235 energ:54 enquant:128 ensin:67 enta:201 entant:59
entend:127 entrar:64 envi:70 envolv:64 equip:129 errad:57 escol:128 escolh:100 escrev:92 escrit:51
espac:67 especial:115 esper:172 esquec:74 estad:244 estar:186 estud:125 europ:68 event:91 ex:79
exempl:96 exist:136 experient:51 explic:71 fac:88 facil:74 fal:358 falt:100 famil:140 fas:56
fat:73 faz:355 fech:58 federal:58 feir:79 feit:148 feliz:83 fest:63 fez:129 fic:412 filh:208
film:122 fim:113 final:152 fiz:110 font:53 forc:118 form:236 fort:77 fot:182 franc:70 frent:96
funcion:55 fund:61 futebol:61 futur:62 ganh:123 gent:116 ger:58 geral:100 gost:183 govern:152
grac:56 grand:292 grav:55 grup:178 guerr:92 hav:138 histor:209 hoj:204 hom:116 homens:66 hor:200
human:106 i:91 ide:99 imagin:58 import:190 in:97 inclu:88 independent:51 indic:77 inform:154
ingles:60 inic:68 inici:75 inter:64 interess:63 internacional:66 internet:65 investig:52 ir:155
ira:68 irma:100 janeir:101 jesus:53 jog:226 jornal:70 jos:53 jov:52 junh:56 junt:134 justic:50
la:300 lad:141 lanc:94 legal:62 lei:106 lembr:119 lev:212 lid:82 lig:109 limit:53 lind:64 lingu:67
linh:65 list:67 livr:175 lo:85 local:99 log:87 long:132 los:69 lug:148 lut:90 luz:54 ma:90 mae:151
mai:64 maior:256 mal:98 mand:75 maneir:75 manh:66 mant:90 mar:115 marc:171 mat:129 med:160
medic:72 mei:179 melhor:323 membr:73 men:169 menin:79 ment:67 merd:65 mes:152 mil:102 milha:90
milit:77 mim:215 ministr:53 minut:72 mod:66 moment:149 mont:50 mor:62 morr:122 mort:174 mostr:132
motiv:69 moviment:72 mud:119 mudanc:52 mulh:198 mund:283 mundial:51 music:150 nacional:131 nad:259
nasc:57 necess:51 negoci:60 nenhum:116 ningu:130 nivel:52 noit:154 nom:195 normal:53 nort:68
not:74 notic:63 nov:405 numer:128 nunc:221 objet:84 ocorr:67 of:149 oferec:58 oficial:65 olha:64
olhos:52 ontem:53 oper:71 organiz:104 original:52 outr:503 outubr:58 ouv:125 p:56 pag:94 pagin:59
pai:108 pais:217 palavr:96 papel:60 par:146 parec:176 part:381 particip:132 pass:365 paul:156
paz:60 pec:62 ped:153 pedr:62 peg:98 pen:68 pens:204 pequen:109 perceb:66 perd:161 perfeit:50
pergunt:124 period:62 permit:76 pert:54 pes:62 pesquis:71 pesso:449 pessoal:71 pior:54 plan:76
pod:233 pois:103 polic:101 polit:149 pont:157 popul:126 por:66 port:116 portugal:56 portugu:53
poss:67 possivel:77 possu:70 post:85 pouc:196 pov:74 pratic:73 precis:180 premi:56 preocup:57
prepar:53 pres:53 present:70 president:142 primeir:324 princip:66 principal:97 problem:155
process:104 procur:101 produca:61 produz:53 professor:88 program:129 projet:130 propr:67 propri:82
prov:86 proxim:96 public:267 qualqu:169 quant:154 quart:87 quas:108 quatr:76 quer:373 questa:73
quis:101 r:65 rap:60 real:60 realiz:123 realment:73 receb:142 reconhec:58 red:106 regia:109
registr:51 relaca:100 relacion:61 represent:90 resolv:50 respeit:73 respond:59 respons:74
respost:52 result:107 rio:149 rua:65 russ:53 s:54 sab:374 sai:52 sair:101 sal:67 sant:100 saud:66
segu:135 seguint:63 segund:244 segur:60 seguranc:83 sei:209 seis:52 seman:144 sempr:239 send:162
senhor:96 sent:192 ser:618 seri:148 serv:65 servic:96 setembr:54 si:58 sid:127 signific:85 sim:170
sint:65 sistem:117 sit:103 situaca:64 sob:90 sobr:405 soc:56 social:93 sociedad:63 sofr:57 sol:81
sonh:62 sucess:55 sul:91 ta:205 tal:73 talvez:59 tant:153 tard:98 tecnic:59 tecnolog:64 tem:68
temp:294 tend:59 tent:151 ter:383 term:52 termin:66 terr:100 text:60 the:257 tim:79 tip:158
tir:129 titul:51 to:160 toc:53 tod:620 tom:158 torn:161 total:77 trabalh:329 trat:98 traz:67
tres:154 troc:56 tud:372 tv:57 twitt:80 ultim:184 unic:117 unid:85 univers:95 uns:57 usad:64
usar:81 uso:78 utiliz:92 va:123 vai:422 val:83 valor:65 vam:126 var:88 vari:97 ve:56 vej:116
velh:61 vem:126 vend:96 ver:265 verdad:128 verdadeir:53 vez:340 vi:80 via:52 vid:391 vir:104
visit:89 vist:107 vitor:51 viu:56 viv:202 volt:254 vot:79 vou:286 voz:54 x:53
"""


def _parse(table: str) -> dict[str, int]:
    pairs = (item.split(":") for item in table.split())
    return {term: int(permille) for term, permille in pairs}


#: index term → share of ordinary texts holding it, in thousandths (≥ MIN_SHARE × 1000)
GENERAL_SHARES: dict[str, int] = _parse(_TABLE)


def derive() -> dict[str, int]:
    """The table, computed from wordfreq (install the test extra); sorted by term."""
    import wordfreq  # here: only regenerating the vendored table needs it

    from kbgen.search.normalise import fold, is_stop_word, stem_term
    from kbgen.search.stopwords import QUERY_STOP_WORDS

    fillers = frozenset(QUERY_STOP_WORDS)
    frequencies: dict[str, float] = {}
    for word, frequency in wordfreq.get_frequency_dict(LANGUAGE).items():
        if not word.isalpha() or is_stop_word(word) or fold(word) in fillers:
            continue
        term = stem_term(word)
        frequencies[term] = frequencies.get(term, 0.0) + frequency
    shares = {term: 1 - math.exp(-DOCUMENT_WORDS * f) for term, f in frequencies.items()}
    return {term: round(share * 1000) for term, share in sorted(shares.items()) if share >= MIN_SHARE}


def table_text(shares: dict[str, int]) -> str:
    """``shares`` as the ``_TABLE`` literal's text: "term:permille" items, wrapped."""
    items = " ".join(f"{term}:{permille}" for term, permille in sorted(shares.items()))
    return "\n".join(textwrap.wrap(items, width=98, break_on_hyphens=False)) + "\n"


if __name__ == "__main__":
    print(table_text(derive()), end="")
