// The shell target is being built (issue 3); this file goes away with it.
import Topline
