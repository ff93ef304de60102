"""Pages of change initiatives, one module per part: the portfolio and load map, an
initiative and its plan, adoption, communication, the frontline's pages and the huddle."""
