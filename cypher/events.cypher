// name: events
// description: Dated events of the article in time order: first uses of the terms (1950s UK, the 1962 Royal Society report), Peter I's manifesto of 1702, later trends.
MATCH (e:Event)
RETURN coalesce(e.year, e.year_start) AS year, e.date AS date, e.id AS id, e.name_en AS event,
       e.event_type AS type, e.note AS note
ORDER BY year, id
