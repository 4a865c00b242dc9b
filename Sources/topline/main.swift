print("topline: under construction")
