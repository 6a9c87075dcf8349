// Matching and scheduling engines.
