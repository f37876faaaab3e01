"""Countries as sides of agreements: names, adjectives, capitals, a time zone.

Plain data, so that a text about two countries the directory does not know yet
still gets its sides proposed; the time zone is the capital's, for creating
the party when a person accepts a candidate.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Country:
    """A country's code, name, the words that point at it and its capital's zone."""

    code: str
    name: str
    words: tuple[str, ...]
    time_zone: str


# code|name|other names and adjectives|cities|time zone
_TABLE = """\
PK|Pakistan|Pakistani,Pakistanis|Islamabad,Karachi,Lahore,Rawalpindi|Asia/Karachi
CN|China|Chinese,PRC,People's Republic of China,People’s Republic of China|Beijing,Shanghai|Asia/Shanghai
IN|India|Indian,Indians|New Delhi,Mumbai|Asia/Kolkata
AF|Afghanistan|Afghan,Afghans|Kabul|Asia/Kabul
IR|Iran|Iranian,Iranians|Tehran|Asia/Tehran
ID|Indonesia|Indonesian,Indonesians|Jakarta|Asia/Jakarta
AU|Australia|Australian,Australians|Canberra,Sydney|Australia/Sydney
KE|Kenya|Kenyan,Kenyans|Nairobi,Mombasa|Africa/Nairobi
ET|Ethiopia|Ethiopian,Ethiopians|Addis Ababa|Africa/Addis_Ababa
TR|Turkey|Turkish,Türkiye,Turkiye,Turks|Ankara,Istanbul|Europe/Istanbul
AZ|Azerbaijan|Azerbaijani,Azerbaijanis,Azeri|Baku|Asia/Baku
BR|Brazil|Brazilian,Brazilians|Brasília,Brasilia,São Paulo|America/Sao_Paulo
AR|Argentina|Argentine,Argentinian,Argentines|Buenos Aires|America/Argentina/Buenos_Aires
JP|Japan|Japanese|Tokyo|Asia/Tokyo
PH|Philippines|Philippine,Filipino,Filipinos|Manila|Asia/Manila
EG|Egypt|Egyptian,Egyptians|Cairo|Africa/Cairo
SA|Saudi Arabia|Saudi,Saudis,Kingdom of Saudi Arabia|Riyadh,Jeddah|Asia/Riyadh
AE|United Arab Emirates|UAE,Emirati,Emiratis|Abu Dhabi,Dubai|Asia/Dubai
QA|Qatar|Qatari|Doha|Asia/Qatar
KW|Kuwait|Kuwaiti|Kuwait City|Asia/Kuwait
OM|Oman|Omani|Muscat|Asia/Muscat
BH|Bahrain|Bahraini|Manama|Asia/Bahrain
JO|Jordan|Jordanian|Amman|Asia/Amman
IQ|Iraq|Iraqi|Baghdad|Asia/Baghdad
SY|Syria|Syrian|Damascus|Asia/Damascus
LB|Lebanon|Lebanese|Beirut|Asia/Beirut
IL|Israel|Israeli|Jerusalem,Tel Aviv|Asia/Jerusalem
US|United States|American,Americans,USA,U.S.,US|Washington|America/New_York
GB|United Kingdom|British,UK,U.K.,Britain|London|Europe/London
FR|France|French|Paris|Europe/Paris
DE|Germany|German,Germans|Berlin|Europe/Berlin
IT|Italy|Italian,Italians|Rome|Europe/Rome
ES|Spain|Spanish|Madrid|Europe/Madrid
RU|Russia|Russian,Russians,Russian Federation|Moscow|Europe/Moscow
UA|Ukraine|Ukrainian,Ukrainians|Kyiv|Europe/Kyiv
PL|Poland|Polish|Warsaw|Europe/Warsaw
KZ|Kazakhstan|Kazakh|Astana,Almaty|Asia/Almaty
UZ|Uzbekistan|Uzbek|Tashkent|Asia/Tashkent
TM|Turkmenistan|Turkmen|Ashgabat|Asia/Ashgabat
TJ|Tajikistan|Tajik|Dushanbe|Asia/Dushanbe
KG|Kyrgyzstan|Kyrgyz|Bishkek|Asia/Bishkek
BD|Bangladesh|Bangladeshi|Dhaka|Asia/Dhaka
LK|Sri Lanka|Sri Lankan|Colombo|Asia/Colombo
NP|Nepal|Nepali,Nepalese|Kathmandu|Asia/Kathmandu
MY|Malaysia|Malaysian,Malaysians|Kuala Lumpur,Putrajaya|Asia/Kuala_Lumpur
SG|Singapore|Singaporean|Singapore|Asia/Singapore
TH|Thailand|Thai|Bangkok|Asia/Bangkok
VN|Vietnam|Vietnamese,Viet Nam|Hanoi|Asia/Ho_Chi_Minh
KR|South Korea|Korean,Republic of Korea,ROK|Seoul|Asia/Seoul
MN|Mongolia|Mongolian|Ulaanbaatar|Asia/Ulaanbaatar
NG|Nigeria|Nigerian,Nigerians|Abuja,Lagos|Africa/Lagos
ZA|South Africa|South African,South Africans|Pretoria,Johannesburg|Africa/Johannesburg
TZ|Tanzania|Tanzanian|Dodoma,Dar es Salaam|Africa/Dar_es_Salaam
UG|Uganda|Ugandan|Kampala|Africa/Kampala
RW|Rwanda|Rwandan|Kigali|Africa/Kigali
SO|Somalia|Somali|Mogadishu|Africa/Mogadishu
DJ|Djibouti|Djiboutian|Djibouti City|Africa/Djibouti
SD|Sudan|Sudanese|Khartoum|Africa/Khartoum
SS|South Sudan|South Sudanese|Juba|Africa/Juba
MA|Morocco|Moroccan|Rabat|Africa/Casablanca
DZ|Algeria|Algerian|Algiers|Africa/Algiers
TN|Tunisia|Tunisian|Tunis|Africa/Tunis
GH|Ghana|Ghanaian|Accra|Africa/Accra
SN|Senegal|Senegalese|Dakar|Africa/Dakar
MX|Mexico|Mexican,Mexicans|Mexico City|America/Mexico_City
CO|Colombia|Colombian|Bogotá,Bogota|America/Bogota
CL|Chile|Chilean|Santiago|America/Santiago
PE|Peru|Peruvian|Lima|America/Lima
UY|Uruguay|Uruguayan|Montevideo|America/Montevideo
PY|Paraguay|Paraguayan|Asunción,Asuncion|America/Asuncion
BO|Bolivia|Bolivian|La Paz,Sucre|America/La_Paz
CA|Canada|Canadian,Canadians|Ottawa|America/Toronto
"""  # noqa: E501


def _load() -> tuple[Country, ...]:
    countries = []
    for line in _TABLE.splitlines():
        code, name, words, cities, zone = line.split("|")
        names = (
            name,
            *filter(None, words.split(",")),
            *filter(None, cities.split(",")),
        )
        countries.append(Country(code, name, names, zone))
    return tuple(countries)


COUNTRIES = _load()
BY_CODE = {country.code: country for country in COUNTRIES}
