"""Alternative implementations of the listings, each checked against spec/ like the reference."""
