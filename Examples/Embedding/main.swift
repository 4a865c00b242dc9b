import Topline
