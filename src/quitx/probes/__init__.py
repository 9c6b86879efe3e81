"""One module per source. Only these modules and ``quitx._http`` touch the network."""
