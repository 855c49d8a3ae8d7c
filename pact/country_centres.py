"""Where to put a signatory on the map when it gave no coordinates: its country's centre.

COUNTRY_CENTRES maps an ISO 3166-1 alpha-2 code to (longitude, latitude), the order GeoJSON
uses. It covers the Council of Europe's member states, former members, observer states and
neighbours. The figures are the geographic centres of Google's public "countries.csv" table
(Dataset Publishing Language canonical data, developers.google.com/public-data/docs/canonical/
countries_csv), rounded to four decimals; Kosovo (XK, a user-assigned code) comes from the same
table. A signatory in a country missing here, with no coordinates of its own, is listed but not
mapped.
"""

COUNTRY_CENTRES = {
    # Council of Europe member states
    "AD": (1.6016, 42.5462),  # Andorra
    "AL": (20.1683, 41.1533),  # Albania
    "AM": (45.0382, 40.0691),  # Armenia
    "AT": (14.5501, 47.5162),  # Austria
    "AZ": (47.5769, 40.1431),  # Azerbaijan
    "BA": (17.6791, 43.9159),  # Bosnia and Herzegovina
    "BE": (4.4699, 50.5039),  # Belgium
    "BG": (25.4858, 42.7339),  # Bulgaria
    "CH": (8.2275, 46.8182),  # Switzerland
    "CY": (33.4299, 35.1264),  # Cyprus
    "CZ": (15.4730, 49.8175),  # Czechia
    "DE": (10.4515, 51.1657),  # Germany
    "DK": (9.5018, 56.2639),  # Denmark
    "EE": (25.0136, 58.5953),  # Estonia
    "ES": (-3.7492, 40.4637),  # Spain
    "FI": (25.7482, 61.9241),  # Finland
    "FR": (2.2137, 46.2276),  # France
    "GB": (-3.4360, 55.3781),  # United Kingdom
    "GE": (43.3569, 42.3154),  # Georgia
    "GR": (21.8243, 39.0742),  # Greece
    "HR": (15.2000, 45.1000),  # Croatia
    "HU": (19.5033, 47.1625),  # Hungary
    "IE": (-8.2439, 53.4129),  # Ireland
    "IS": (-19.0208, 64.9631),  # Iceland
    "IT": (12.5674, 41.8719),  # Italy
    "LI": (9.5554, 47.1660),  # Liechtenstein
    "LT": (23.8813, 55.1694),  # Lithuania
    "LU": (6.1296, 49.8153),  # Luxembourg
    "LV": (24.6032, 56.8796),  # Latvia
    "MC": (7.4128, 43.7503),  # Monaco
    "MD": (28.3699, 47.4116),  # Republic of Moldova
    "ME": (19.3744, 42.7087),  # Montenegro
    "MK": (21.7453, 41.6086),  # North Macedonia
    "MT": (14.3754, 35.9375),  # Malta
    "NL": (5.2913, 52.1326),  # Netherlands
    "NO": (8.4689, 60.4720),  # Norway
    "PL": (19.1451, 51.9194),  # Poland
    "PT": (-8.2245, 39.3999),  # Portugal
    "RO": (24.9668, 45.9432),  # Romania
    "RS": (21.0059, 44.0165),  # Serbia
    "SE": (18.6435, 60.1282),  # Sweden
    "SI": (14.9955, 46.1512),  # Slovenia
    "SK": (19.6990, 48.6690),  # Slovakia
    "SM": (12.4578, 43.9424),  # San Marino
    "TR": (35.2433, 38.9637),  # Türkiye
    "UA": (31.1656, 48.3794),  # Ukraine
    # Former member state
    "RU": (105.3188, 61.5240),  # Russian Federation
    # Observer states
    "CA": (-106.3468, 56.1304),  # Canada
    "JP": (138.2529, 36.2048),  # Japan
    "MX": (-102.5528, 23.6345),  # Mexico
    "US": (-95.7129, 37.0902),  # United States
    "VA": (12.4534, 41.9029),  # Holy See
    # Observer at the Parliamentary Assembly, and neighbours
    "IL": (34.8516, 31.0461),  # Israel
    "BY": (27.9534, 53.7098),  # Belarus
    "XK": (20.9030, 42.6026),  # Kosovo
    "KZ": (66.9237, 48.0196),  # Kazakhstan
    "MA": (-7.0926, 31.7917),  # Morocco
    "TN": (9.5375, 33.8869),  # Tunisia
}


def country_centre(code):
    """(longitude, latitude) of a country's centre, or None when the table does not have it."""
    return COUNTRY_CENTRES.get(str(code or "").upper())
