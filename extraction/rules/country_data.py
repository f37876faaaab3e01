"""Country data that neither pycountry nor babel carries: demonyms, capitals,
the hemisphere of the capital and a time zone; plus the words the old hand
table knew (plurals, abbreviations, big cities, common short names).

Why a table: demonyms, capitals and latitudes come from the `countryinfo`
package (1.0.1, MIT; data/*.json: "demonym", "capital", "capital_latlng",
"timezoneNames"), which is not a pinned dependency; this derived copy keeps
the rules free of a new runtime pin. Regenerate by reading those fields per
ISO alpha-2 code. Time zones of the 72 countries the old table knew are the
capital's zone it gave. Names and codes come from pycountry at import time.
"""

# code|demonyms|capital|hemisphere of the capital (N/S)|time zone
DERIVED = """\
AD|Andorran|Andorra la Vella|N|Europe/Andorra
AE|Emirati|Abu Dhabi|N|Asia/Dubai
AF|Afghan|Kabul|N|Asia/Kabul
AG|Antiguan,Barbudan|Saint John's|N|America/Antigua
AI|Anguillian|The Valley|N|America/Anguilla
AL|Albanian|Tirana|N|Europe/Tirane
AM|Armenian|Yerevan|N|Asia/Yerevan
AO|Angolan|Luanda|S|Africa/Luanda
AQ|||N|Antarctica/McMurdo
AR|Argentinean|Buenos Aires|S|America/Argentina/Buenos_Aires
AS|American Samoan|Pago Pago|S|Pacific/Pago_Pago
AT|Austrian|Vienna|N|Europe/Vienna
AU|Australian|Canberra|S|Australia/Sydney
AW|Aruban|Oranjestad|N|America/Aruba
AX||Mariehamn|N|Europe/Mariehamn
AZ|Azerbaijani|Baku|N|Asia/Baku
BA|Bosnian,Herzegovinian|Sarajevo|N|Europe/Sarajevo
BB|Barbadian|Bridgetown|N|America/Barbados
BD|Bangladeshi|Dhaka|N|Asia/Dhaka
BE|Belgian|Brussels|N|Europe/Brussels
BF|Burkinabe|Ouagadougou|N|Africa/Ouagadougou
BG|Bulgarian|Sofia|N|Europe/Sofia
BH|Bahraini|Manama|N|Asia/Bahrain
BI|Burundian|Bujumbura|S|Africa/Bujumbura
BJ|Beninese|Porto-Novo|N|Africa/Porto-Novo
BL||Gustavia|N|America/St_Barthelemy
BM|Bermudian|Hamilton|N|Atlantic/Bermuda
BN|Bruneian|Bandar Seri Begawan|N|Asia/Brunei
BO|Bolivian|Sucre|S|America/La_Paz
BQ||Kralendijk|N|America/Kralendijk
BR|Brazilian|Brasília|S|America/Sao_Paulo
BS|Bahamian|Nassau|N|America/Nassau
BT|Bhutanese|Thimphu|N|Asia/Thimphu
BV|||N|
BW|Motswana|Gaborone|S|Africa/Gaborone
BY|Belarusian|Minsk|N|Europe/Minsk
BZ|Belizean|Belmopan|N|America/Belize
CA|Canadian|Ottawa|N|America/Toronto
CC|Cocos Islander|West Island|S|Indian/Cocos
CD|Congolese|Kinshasa|S|Africa/Kinshasa
CF|Central African|Bangui|N|Africa/Bangui
CG|Congolese|Brazzaville|S|Africa/Brazzaville
CH|Swiss|Bern|N|Europe/Zurich
CI|Ivorian|Yamoussoukro|N|Africa/Abidjan
CK|Cook Islander|Avarua|S|Pacific/Rarotonga
CL|Chilean|Santiago|S|America/Santiago
CM|Cameroonian|Yaoundé|N|Africa/Douala
CN|Chinese|Beijing|N|Asia/Shanghai
CO|Colombian|Bogotá|N|America/Bogota
CR|Costa Rican|San José|N|America/Costa_Rica
CU|Cuban|Havana|N|America/Havana
CV|Cape Verdian|Praia|N|Atlantic/Cape_Verde
CW||Willemstad|N|America/Curacao
CX|Christmas Island|Flying Fish Cove|S|Indian/Christmas
CY|Cypriot|Nicosia|N|Asia/Nicosia
CZ|Czech|Prague|N|Europe/Prague
DE|German|Berlin|N|Europe/Berlin
DJ|Djibouti|Djibouti|N|Africa/Djibouti
DK|Danish|Copenhagen|N|Europe/Copenhagen
DM|Dominican|Roseau|N|America/Dominica
DO|Dominican|Santo Domingo|N|America/Santo_Domingo
DZ|Algerian|Algiers|N|Africa/Algiers
EC|Ecuadorean|Quito|N|America/Guayaquil
EE|Estonian|Tallinn|N|Europe/Tallinn
EG|Egyptian|Cairo|N|Africa/Cairo
EH|Sahrawi|El Aaiún|N|Africa/El_Aaiun
ER|Eritrean|Asmara|N|Africa/Asmara
ES|Spanish|Madrid|N|Europe/Madrid
ET|Ethiopian|Addis Ababa|N|Africa/Addis_Ababa
FI|Finnish|Helsinki|N|Europe/Helsinki
FJ|Fijian|Suva|S|Pacific/Fiji
FK|Falkland Islander|Stanley|S|Atlantic/Stanley
FM|Micronesian|Palikir|N|Pacific/Chuuk
FO|Faroese|Tórshavn|N|Atlantic/Faroe
FR|French|Paris|N|Europe/Paris
GA|Gabonese|Libreville|N|Africa/Libreville
GB|British|London|N|Europe/London
GD|Grenadian|St. George's|N|America/Grenada
GE|Georgian|Tbilisi|N|Asia/Tbilisi
GF||Cayenne|N|America/Cayenne
GG|Channel Islander|St. Peter Port|N|Europe/Guernsey
GH|Ghanaian|Accra|N|Africa/Accra
GI|Gibraltar|Gibraltar|N|Europe/Gibraltar
GL|Greenlandic|Nuuk|N|America/Godthab
GM|Gambian|Banjul|N|Africa/Banjul
GN|Guinean|Conakry|N|Africa/Conakry
GP|Guadeloupian|Basse-Terre|N|America/Guadeloupe
GQ|Equatorial Guinean|Malabo|N|Africa/Malabo
GR|Greek|Athens|N|Europe/Athens
GS|South Georgia and the South Sandwich Islander|King Edward Point|S|Atlantic/South_Georgia
GT|Guatemalan|Guatemala City|N|America/Guatemala
GU|Guamanian|Hagåtña|N|Pacific/Guam
GW|Guinea-Bissauan|Bissau|N|Africa/Bissau
GY|Guyanese|Georgetown|N|America/Guyana
HK|Chinese|City of Victoria|N|Asia/Hong_Kong
HM|Heard and McDonald Islander||S|
HN|Honduran|Tegucigalpa|N|America/Tegucigalpa
HR|Croatian|Zagreb|N|Europe/Zagreb
HT|Haitian|Port-au-Prince|N|America/Port-au-Prince
HU|Hungarian|Budapest|N|Europe/Budapest
ID|Indonesian|Jakarta|S|Asia/Jakarta
IE|Irish|Dublin|N|Europe/Dublin
IL|Israeli|Jerusalem|N|Asia/Jerusalem
IM|Manx|Douglas|N|Europe/Isle_of_Man
IN|Indian|New Delhi|N|Asia/Kolkata
IO|Indian|Diego Garcia|S|Indian/Chagos
IQ|Iraqi|Baghdad|N|Asia/Baghdad
IR|Iranian|Tehran|N|Asia/Tehran
IS|Icelander|Reykjavik|N|Atlantic/Reykjavik
IT|Italian|Rome|N|Europe/Rome
JE|Channel Islander|Saint Helier|N|Europe/Jersey
JM|Jamaican|Kingston|N|America/Jamaica
JO|Jordanian|Amman|N|Asia/Amman
JP|Japanese|Tokyo|N|Asia/Tokyo
KE|Kenyan|Nairobi|S|Africa/Nairobi
KG|Kirghiz|Bishkek|N|Asia/Bishkek
KH|Cambodian|Phnom Penh|N|Asia/Phnom_Penh
KI|I-Kiribati|South Tarawa|N|Pacific/Tarawa
KM|Comoran,Comorian|Moroni|S|Indian/Comoro
KN|Kittian and Nevisian|Basseterre|N|America/St_Kitts
KP|North Korean|Pyongyang|N|Asia/Pyongyang
KR|South Korean|Seoul|N|Asia/Seoul
KW|Kuwaiti|Kuwait City|N|Asia/Kuwait
KY|Caymanian|George Town|N|America/Cayman
KZ|Kazakhstani|Nur-Sultan|N|Asia/Almaty
LA|Laotian|Vientiane|N|Asia/Vientiane
LB|Lebanese|Beirut|N|Asia/Beirut
LC|Saint Lucian|Castries|N|America/St_Lucia
LI|Liechtensteiner|Vaduz|N|Europe/Vaduz
LK|Sri Lankan|Colombo|N|Asia/Colombo
LR|Liberian|Monrovia|N|Africa/Monrovia
LS|Mosotho|Maseru|S|Africa/Maseru
LT|Lithuanian|Vilnius|N|Europe/Vilnius
LU|Luxembourger|Luxembourg|N|Europe/Luxembourg
LV|Latvian|Riga|N|Europe/Riga
LY|Libyan|Tripoli|N|Africa/Tripoli
MA|Moroccan|Rabat|N|Africa/Casablanca
MC|Monegasque|Monaco|N|Europe/Monaco
MD|Moldovan|Chișinău|N|Europe/Chisinau
ME|Montenegrin|Podgorica|N|Europe/Podgorica
MF||Marigot|N|America/Marigot
MG|Malagasy|Antananarivo|S|Indian/Antananarivo
MH|Marshallese|Majuro|N|Pacific/Majuro
MK|Macedonian|Skopje|N|Europe/Skopje
ML|Malian|Bamako|N|Africa/Bamako
MM|Burmese|Naypyidaw|N|Asia/Rangoon
MN|Mongolian|Ulaanbaatar|N|Asia/Ulaanbaatar
MO|Chinese||N|Asia/Macau
MP|American|Saipan|N|Pacific/Saipan
MQ|French|Fort-de-France|N|America/Martinique
MR|Mauritanian|Nouakchott|N|Africa/Nouakchott
MS|Montserratian|Plymouth|N|America/Montserrat
MT|Maltese|Valletta|N|Europe/Malta
MU|Mauritian|Port Louis|S|Indian/Mauritius
MV|Maldivan|Malé|N|Indian/Maldives
MW|Malawian|Lilongwe|S|Africa/Blantyre
MX|Mexican|Mexico City|N|America/Mexico_City
MY|Malaysian|Kuala Lumpur|N|Asia/Kuala_Lumpur
MZ|Mozambican|Maputo|S|Africa/Maputo
NA|Namibian|Windhoek|S|Africa/Windhoek
NC|New Caledonian|Nouméa|S|Pacific/Noumea
NE|Nigerien|Niamey|N|Africa/Niamey
NF|Norfolk Islander|Kingston|N|Pacific/Norfolk
NG|Nigerian|Abuja|N|Africa/Lagos
NI|Nicaraguan|Managua|N|America/Managua
NL|Dutch|Amsterdam|N|Europe/Amsterdam
NO|Norwegian|Oslo|N|Europe/Oslo
NP|Nepalese|Kathmandu|N|Asia/Kathmandu
NR|Nauruan|Yaren|S|Pacific/Nauru
NU|Niuean|Alofi|S|Pacific/Niue
NZ|New Zealander|Wellington|S|Pacific/Auckland
OM|Omani|Muscat|N|Asia/Muscat
PA|Panamanian|Panama City|N|America/Panama
PE|Peruvian|Lima|S|America/Lima
PF|French Polynesian|Papeetē|S|Pacific/Tahiti
PG|Papua New Guinean|Port Moresby|S|Pacific/Port_Moresby
PH|Filipino|Manila|N|Asia/Manila
PK|Pakistani|Islamabad|N|Asia/Karachi
PL|Polish|Warsaw|N|Europe/Warsaw
PM|French|Saint-Pierre|N|America/Miquelon
PN|Pitcairn Islander|Adamstown|S|Pacific/Pitcairn
PR|Puerto Rican|San Juan|N|America/Puerto_Rico
PS|Palestinian|Ramallah|N|Asia/Gaza
PT|Portuguese|Lisbon|N|Europe/Lisbon
PW|Palauan|Ngerulmud|N|Pacific/Palau
PY|Paraguayan|Asunción|S|America/Asuncion
QA|Qatari|Doha|N|Asia/Qatar
RE|French|Saint-Denis|N|Indian/Reunion
RO|Romanian|Bucharest|N|Europe/Bucharest
RS|Serbian|Belgrade|N|Europe/Belgrade
RU|Russian|Moscow|N|Europe/Moscow
RW|Rwandan|Kigali|S|Africa/Kigali
SA|Saudi Arabian|Riyadh|N|Asia/Riyadh
SB|Solomon Islander|Honiara|S|Pacific/Guadalcanal
SC|Seychellois|Victoria|S|Indian/Mahe
SD|Sudanese|Khartoum|N|Africa/Khartoum
SE|Swedish|Stockholm|N|Europe/Stockholm
SG|Singaporean|Singapore|N|Asia/Singapore
SH|Saint Helenian|Jamestown|N|Atlantic/St_Helena
SI|Slovene|Ljubljana|N|Europe/Ljubljana
SJ|Norwegian|Longyearbyen|N|Arctic/Longyearbyen
SK|Slovak|Bratislava|N|Europe/Bratislava
SL|Sierra Leonean|Freetown|N|Africa/Freetown
SM|Sammarinese|City of San Marino|N|Europe/San_Marino
SN|Senegalese|Dakar|N|Africa/Dakar
SO|Somali|Mogadishu|N|Africa/Mogadishu
SR|Surinamer|Paramaribo|N|America/Paramaribo
SS|South Sudanese|Juba|N|Africa/Juba
ST|Sao Tomean|São Tomé|N|Africa/Sao_Tome
SV|Salvadoran|San Salvador|N|America/El_Salvador
SX||Philipsburg|N|America/Lower_Princes
SY|Syrian|Damascus|N|Asia/Damascus
SZ|Swazi|Lobamba|S|Africa/Mbabane
TC||Cockburn Town|N|America/Grand_Turk
TD|Chadian|N'Djamena|N|Africa/Ndjamena
TF|French|Port-aux-Français|S|Indian/Kerguelen
TG|Togolese|Lomé|N|Africa/Lome
TH|Thai|Bangkok|N|Asia/Bangkok
TJ|Tadzhik|Dushanbe|N|Asia/Dushanbe
TK|Tokelauan|Fakaofo|S|Pacific/Fakaofo
TL|East Timorese|Dili|S|Asia/Dili
TM|Turkmen|Ashgabat|N|Asia/Ashgabat
TN|Tunisian|Tunis|N|Africa/Tunis
TO|Tongan|Nuku'alofa|S|Pacific/Tongatapu
TR|Turkish|Ankara|N|Europe/Istanbul
TT|Trinidadian|Port of Spain|N|America/Port_of_Spain
TV|Tuvaluan|Funafuti|S|Pacific/Funafuti
TW|Taiwanese|Taipei|N|Asia/Taipei
TZ|Tanzanian|Dodoma|S|Africa/Dar_es_Salaam
UA|Ukrainian|Kyiv|N|Europe/Kyiv
UG|Ugandan|Kampala|N|Africa/Kampala
UM|||N|Pacific/Johnston
US|American|Washington D.C.|N|America/New_York
UY|Uruguayan|Montevideo|S|America/Montevideo
UZ|Uzbekistani|Tashkent|N|Asia/Tashkent
VA|Vaticanian|Vatican City|N|Europe/Vatican
VC|Saint Vincentian|Kingstown|N|America/St_Vincent
VE|Venezuelan|Caracas|N|America/Caracas
VG||Road Town|N|America/Tortola
VI||Charlotte Amalie|N|America/St_Thomas
VN|Vietnamese|Hanoi|N|Asia/Ho_Chi_Minh
VU|Ni-Vanuatu|Port Vila|S|Pacific/Efate
WF|Wallis and Futuna Islander|Mata-Utu|S|Pacific/Wallis
WS|Samoan|Apia|S|Pacific/Apia
YE|Yemeni|Sana'a|N|Asia/Aden
YT|French|Mamoudzou|S|Indian/Mayotte
ZA|South African|Pretoria|S|Africa/Johannesburg
ZM|Zambian|Lusaka|S|Africa/Lusaka
ZW|Zimbabwean|Harare|S|Africa/Harare
"""  # noqa: E501

# code|display name|other names|cities: common English names that neither
# pycountry nor CLDR's short names carry.
MORE_NAMES = """\
CD|Democratic Republic of the Congo|DR Congo,DRC,Congo-Kinshasa|
CG|Republic of the Congo|Congo-Brazzaville|
PS|Palestine|State of Palestine|
CI|Côte d’Ivoire|Ivory Coast,Ivorian,Ivorians|
MM|Myanmar|Burma,Burmese|
TL|Timor-Leste|East Timor|
VA|Vatican City|Vatican,Holy See|
SZ|Eswatini|Swaziland|
BA||Bosnia,Bosnia-Herzegovina|
LA||Lao PDR|
KN||St Kitts and Nevis,Saint Kitts and Nevis,St. Kitts,St Kitts,Saint Kitts|
ST||Sao Tome and Principe,São Tomé and Príncipe,Sao Tome|
TT||Trinidad|
AG||Antigua|
VC||St Vincent and the Grenadines,Saint Vincent and the Grenadines,St. Vincent,St Vincent,Saint Vincent|
LC||St Lucia|
GR||Hellenic Republic,Hellenic|
"""  # noqa: E501
# code|display name|other names and adjectives|cities (the old hand table)
EXTRA = """\
PK|Pakistan|Pakistani,Pakistanis|Islamabad,Karachi,Lahore,Rawalpindi
CN|China|Chinese,PRC,People's Republic of China,People’s Republic of China|Beijing,Shanghai
IN|India|Indian,Indians|New Delhi,Mumbai
AF|Afghanistan|Afghan,Afghans|Kabul
IR|Iran|Iranian,Iranians|Tehran
ID|Indonesia|Indonesian,Indonesians|Jakarta
AU|Australia|Australian,Australians|Canberra,Sydney
KE|Kenya|Kenyan,Kenyans|Nairobi,Mombasa
ET|Ethiopia|Ethiopian,Ethiopians|Addis Ababa
TR|Turkey|Turkish,Türkiye,Turkiye,Turks|Ankara,Istanbul
AZ|Azerbaijan|Azerbaijani,Azerbaijanis,Azeri|Baku
BR|Brazil|Brazilian,Brazilians|Brasília,Brasilia,São Paulo
AR|Argentina|Argentine,Argentinian,Argentines|Buenos Aires
JP|Japan|Japanese|Tokyo
PH|Philippines|Philippine,Filipino,Filipinos|Manila
EG|Egypt|Egyptian,Egyptians|Cairo
SA|Saudi Arabia|Saudi,Saudis,Kingdom of Saudi Arabia|Riyadh,Jeddah
AE|United Arab Emirates|UAE,Emirati,Emiratis|Abu Dhabi,Dubai
QA|Qatar|Qatari|Doha
KW|Kuwait|Kuwaiti|Kuwait City
OM|Oman|Omani|Muscat
BH|Bahrain|Bahraini|Manama
JO|Jordan|Jordanian|Amman
IQ|Iraq|Iraqi|Baghdad
SY|Syria|Syrian|Damascus
LB|Lebanon|Lebanese|Beirut
IL|Israel|Israeli|Jerusalem,Tel Aviv
US|United States|American,Americans,USA,U.S.,US|Washington
GB|United Kingdom|British,UK,U.K.,Britain|London
FR|France|French|Paris
DE|Germany|German,Germans|Berlin
IT|Italy|Italian,Italians|Rome
ES|Spain|Spanish|Madrid
RU|Russia|Russian,Russians,Russian Federation|Moscow
UA|Ukraine|Ukrainian,Ukrainians|Kyiv
PL|Poland|Polish|Warsaw
KZ|Kazakhstan|Kazakh|Astana,Almaty
UZ|Uzbekistan|Uzbek|Tashkent
TM|Turkmenistan|Turkmen|Ashgabat
TJ|Tajikistan|Tajik|Dushanbe
KG|Kyrgyzstan|Kyrgyz|Bishkek
BD|Bangladesh|Bangladeshi|Dhaka
LK|Sri Lanka|Sri Lankan|Colombo
NP|Nepal|Nepali,Nepalese|Kathmandu
MY|Malaysia|Malaysian,Malaysians|Kuala Lumpur,Putrajaya
SG|Singapore|Singaporean|Singapore
TH|Thailand|Thai|Bangkok
VN|Vietnam|Vietnamese,Viet Nam|Hanoi
KR|South Korea|Korean,Republic of Korea,ROK|Seoul
MN|Mongolia|Mongolian|Ulaanbaatar
NG|Nigeria|Nigerian,Nigerians|Abuja,Lagos
ZA|South Africa|South African,South Africans|Pretoria,Johannesburg
TZ|Tanzania|Tanzanian|Dodoma,Dar es Salaam
UG|Uganda|Ugandan|Kampala
RW|Rwanda|Rwandan|Kigali
SO|Somalia|Somali|Mogadishu
DJ|Djibouti|Djiboutian|Djibouti City
SD|Sudan|Sudanese|Khartoum
SS|South Sudan|South Sudanese|Juba
MA|Morocco|Moroccan|Rabat
DZ|Algeria|Algerian|Algiers
TN|Tunisia|Tunisian|Tunis
GH|Ghana|Ghanaian|Accra
SN|Senegal|Senegalese|Dakar
MX|Mexico|Mexican,Mexicans|Mexico City
CO|Colombia|Colombian|Bogotá,Bogota
CL|Chile|Chilean|Santiago
PE|Peru|Peruvian|Lima
UY|Uruguay|Uruguayan|Montevideo
PY|Paraguay|Paraguayan|Asunción,Asuncion
BO|Bolivia|Bolivian|La Paz,Sucre
CA|Canada|Canadian,Canadians|Ottawa
"""  # noqa: E501
