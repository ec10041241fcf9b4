from innograph.cli import app

app(prog_name="innograph")
