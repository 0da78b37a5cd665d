// name: analytics_eras
// description: Eras with their years, in time order: what era and year slices are matched against.
MATCH (e:Era)
RETURN e.id AS id, e.name_en AS name, e.scheme AS scheme, e.ordinal AS ordinal,
       e.start_year AS start_year, e.end_year AS end_year
ORDER BY start_year, ordinal, id
