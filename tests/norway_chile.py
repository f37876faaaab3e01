"""A short article the tests paste: Norway and Chile, countries outside the seed."""

import datetime

PUBLISHED = datetime.date(2026, 3, 3)
TITLE = "Norway and Chile agree on police cooperation"
ARTICLE = (
    "Norway and Chile agree on police cooperation\n\n"
    "Oslo, 3 March 2026. The ministers of justice of Norway and Chile met in Oslo "
    "on Tuesday and agreed to deepen cooperation between their police forces.\n\n"
    "The two countries will hold biannual meetings of a joint working group, "
    "starting in the autumn.\n\n"
    "Norway and Chile will sign a memorandum of understanding on cybercrime by "
    "June.\n\n"
    "The two police forces will exchange ten officers every year.\n\n"
    "The agreement will cover information exchange, training and the fight "
    "against organised crime.\n"
)
MEETINGS = "The two countries will hold biannual meetings"
