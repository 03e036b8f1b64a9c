"""parplan: the PAR Index and SIPAS plan of a Văn phòng UBND tỉnh, kept as validated YAML."""

__version__ = "0.1.0"
