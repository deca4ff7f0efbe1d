"""Word lists behind the normalisation: plain constants, turned into DuckDB SQL by ``normalise``.

Everything is lower case and already stripped of punctuation, because the SQL looks tokens up after it has
lowered the text and split it on anything that is not a letter or a digit.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _variants(text: str) -> dict[str, str]:
    """``"keripik: kripik kripek"`` lines into ``{"kripik": "keripik", "kripek": "keripik"}``."""
    mapping: dict[str, str] = {}
    for line in text.strip().splitlines():
        canonical, _, spellings = line.partition(":")
        for spelling in spellings.split():
            mapping[spelling] = canonical.strip()
    return mapping


# Legal forms and shop words in front of or after a business name: "UD. …", "CV …", "Toko …",
# "Home Industri …". They say nothing about which business it is.
LEGAL_FORMS = _words(
    "ud cv pt pd fa firma tb toko usaha home industri industry rumah produksi kub ukm umkm ikm irt pirt"
)
# Ways of addressing a person, in names of businesses ("Keripik Tempe Bu Sri") and of owners ("Ibu Hj. Sri").
HONORIFICS = _words(
    "bu ibu ibuk bunda pak bapak bpk mbak mba mbakyu mas hj h haji hajah hajjah cak ning mbok mak bude budhe"
    " pakde pakdhe om tante kak ny nyonya tn sdr sdri ust ustad ustadz ustadzah kyai kh mbah yu cik koh"
)
# Academic and professional titles written before or after an owner's name ("Dr.", "S.Pd", "SE").
TITLES = _words(
    "dr drs dra ir prof st se sh spd spdi sag ssos sip sp skom sh ssi sst sth skm skep sfarm sked amd mm"
    " mpd msi mt mh mkes mag ma mba mkom bsc ba"
)
# Words that fill a business name without naming a product or a business: "Aneka Keripik Khas Malang".
FILLERS = _words(
    "dan aneka asli khas spesial special enak lezat super original ori pusat sentra grosir eceran the"
    " of n and jual oleh official store shop olshop"
)

# Spelling variants of product and trade words, and old or regional spellings, to one canonical form.
# "keripik" (chips) and "kerupuk" (crackers) are different products and stay different words.
NAME_VARIANTS = _variants(
    """
    keripik: kripik kripek keripek kripik2 kerepik krpk
    kerupuk: krupuk kerupuk2 krupuk2 kropok
    tempe: tempeh tempey
    tahu: tauhu
    jahe: jae
    sambal: sambel
    batik: bathik battik
    oleholeh: oleh2 olehan
    kue: kueh kwe kuwe cake
    kopi: kopie coffee
    bakso: baso
    rengginang: renginang rangginang
    peyek: rempeyek
    sate: satai
    warung: waroeng warong
    katering: catering ketering
    konveksi: konfeksi
    snack: snak snek
    camilan: cemilan
    bordir: bordier
    sandal: sendal
    mebel: meubel mebeul meubeul
    furnitur: furniture furnitura
    kerajinan: krajinan kerajian
    suvenir: souvenir souvenier
    laundry: londri laundri
    kelontong: klontong klontongan kelontongan
    sirup: sirop
    terasi: trasi
    tape: tapai
    mukena: mukenah mukenna
    kaos: kaus
    jamu: djamu
    madu: madoe
    gula: goela
    bumbu: bumbon
    jilbab: jilbap
    hijab: jilbab2
    herbal: herbals
    frozen: frozzen
    """
)
# Old spellings and abbreviations of given names, for owners: "Moch." and "Mochammad" are one name.
OWNER_VARIANTS = _variants(
    """
    muhammad: m moh moch mochammad mohammad mohamad muhamad muhammat mukhammad mokhammad mohd
    abdul: abd abdoel
    ahmad: ach achmad akhmad achmat
    siti: sitti
    nur: noer
    sri: sry
    """
)

# Generic product and category words: what the business makes or sells, not which business it is. Two
# names that differ only outside these words ("Keripik Tempe Bu Sri" vs "Keripik Tempe Bu Siti") name
# different businesses; this set is what lets the model see that.
PRODUCT_WORDS = _words(
    """
    keripik kerupuk tempe tahu singkong pisang ikan udang rengginang peyek kacang samiler opak gambir kue
    kering roti manis bolu kukus lapis jajanan pasar jenang dodol sambal bawang bumbu pecel petis abon
    bandeng presto kopi bubuk robusta arabika teh rosela gula merah aren madumongso frozen food buah
    manisan apel tape brem wingko babat otak suwar suwir spikoe takwa emping sirup madu susu jahe kunyit
    asam beras kencur temulawak instan jamu tradisional gendong madura herbal minyak kayu putih atsiri
    lulur sabun bedak dingin serbuk bakso sate snack camilan makanan minuman olahan terasi basah nasi
    katering warung makan depot kedai resto restoran bakery cookies es jus
    batik tulis cap kombinasi konveksi busana muslim hijab jilbab mukena kaos sablon seragam sekolah tenun
    ikat bordir sandal sepatu kulit songkok kebaya gamis pakaian baju kain jahit penjahit fashion butik
    anyaman pandan bambu rotan mendong kerajinan eceng gondok ukiran topeng mebel jati furnitur gerabah
    keramik hias kerang kuningan tas dompet miniatur kapal perca suvenir keris manik lukisan handicraft
    cabai cabe rawit tomat jamur tiram naga jeruk siam melon tembakau ubi jalar jagung tebu anggrek
    mangga garam rakyat sayur sayuran bibit tanaman hias ternak ayam kambing sapi bebek telur lele
    kelontong sembako oleholeh online percetakan laundry salon bengkel
    pupuk organik pakan cuci tali tambang alat dapur dagang perdagangan jasa tani kelompok
    """
)

# Address words to one short form; words after which only the desa, kecamatan or kab/kota follow.
ADDRESS_VARIANTS = _variants(
    """
    jl: jalan jln jl jlan
    gg: gang
    no: nomor nmr
    dusun: dsn dukuh dk
    desa: ds
    kel: kelurahan
    kec: kecamatan kcm
    kab: kabupaten
    perum: perumahan
    blok: blk
    """
)
ADDRESS_REGION_WORDS = _words("desa kel kec kab kota")
