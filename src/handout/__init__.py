"""handout: curated, cited medical content in, printable patient handouts out."""

__version__ = "0.1.0"
