// name: analytics_populations
// description: Base populations of one year for migration rates: Estimate nodes ABOUT a country whose unit is a population (MPIDR's padded_population_of_researchers, or the population of `intelmig import population`), per source dataset.
// param: year INT The year of the rates (default: 2019)
// param: units LIST Units that are base populations (default: ["padded_population_of_researchers", "population"])
MATCH (e:Estimate)-[:ABOUT]->(c:Country)
WHERE e.unit IN $units AND e.year_start = $year
  AND coalesce(e.year_end, e.year_start) = $year
  AND e.low IS NOT NULL AND e.low = e.high
RETURN coalesce(e.dataset, 'seed') AS source, c.id AS place, e.unit AS unit, e.low AS population
ORDER BY source, place, unit
