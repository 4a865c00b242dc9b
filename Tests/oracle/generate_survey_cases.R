# Writes the survey oracle fixture of Topline: the `api` data of R `survey`
# (and a few small derived data sets) as CSV, and `cases.json`, every figure
# computed by R `survey` on designs declared over those CSV files.
#
# Run it through Tests/oracle/generate_survey_cases.sh (which installs R and
# r-cran-survey with apt-get when they are missing):
#
#     bash Tests/oracle/generate_survey_cases.sh
#
# or directly, from the repository root:
#
#     Rscript Tests/oracle/generate_survey_cases.R [OUTPUT_DIR]
#
# OUTPUT_DIR defaults to Tests/ToplineTests/Fixtures/survey. The output is
# deterministic: the same R and survey versions give byte-identical files.
# Every estimate is computed on a design built from the CSV text as read back,
# so a reader of the CSV (the Swift tests) sees exactly the numbers R used.
# Tests/oracle/README.md describes the schema.

suppressPackageStartupMessages(library(survey))
RNGkind("Mersenne-Twister", "Inversion", "Rejection")
options(warn = 1, survey.lonely.psu = "fail", survey.adjust.domain.lonely = FALSE,
        survey.ultimate.cluster = FALSE, survey.replicates.mse = FALSE)

args <- commandArgs(trailingOnly = TRUE)
out_dir <- if (length(args) >= 1) args[1] else file.path("Tests", "ToplineTests", "Fixtures", "survey")
dir.create(out_dir, recursive = TRUE, showWarnings = FALSE)

LEVEL <- 0.95

# ---------------------------------------------------------------------------
# Numbers as text: integers as integers, other doubles in the shortest form
# (15, 16 or 17 significant digits) that reads back as the same double.

num_text1 <- function(v) {
  if (is.na(v)) stop("NA where a number is needed")
  if (!is.finite(v)) stop("non-finite number: ", v)
  if (v == 0) return("0")
  if (v == round(v) && abs(v) < 2^53) return(sprintf("%.0f", v))
  for (d in 15:17) {
    s <- sprintf("%.*g", d, v)
    if (as.numeric(s) == v) return(s)
  }
  stop("cannot format ", v)
}

# ---------------------------------------------------------------------------
# CSV: a header, one line per row, "" for NA, strings quoted only when they
# need it (comma, quote, line break, or space at either end).

csv_field <- function(s) {
  need <- grepl("[\",\r\n]", s) | grepl("^\\s|\\s$", s)
  s[need] <- paste0("\"", gsub("\"", "\"\"", s[need], fixed = TRUE), "\"")
  s
}

write_csv <- function(df, name) {
  cols <- lapply(df, function(col) {
    if (is.factor(col)) col <- as.character(col)
    out <- character(length(col))
    na <- is.na(col)
    if (is.character(col)) {
      out[!na] <- csv_field(col[!na])
    } else if (is.logical(col)) {
      out[!na] <- ifelse(col[!na], "true", "false")
    } else if (is.integer(col)) {
      out[!na] <- as.character(col[!na])
    } else if (is.numeric(col)) {
      out[!na] <- vapply(col[!na], num_text1, "")
    } else stop("column type ", class(col))
    out[na] <- ""
    out
  })
  lines <- c(paste(csv_field(names(df)), collapse = ","), do.call(paste, c(cols, sep = ",")))
  path <- file.path(out_dir, name)
  con <- file(path, "wb")
  writeLines(lines, con, sep = "\n")
  close(con)
  back <- read.csv(path, stringsAsFactors = FALSE, na.strings = "", check.names = FALSE)
  # The CSV must carry every number exactly.
  stopifnot(identical(names(back), names(df)), nrow(back) == nrow(df))
  for (n in names(df)) {
    a <- df[[n]]; b <- back[[n]]
    if (is.factor(a)) a <- as.character(a)
    if (all(is.na(a)) && all(is.na(b))) next   # e.g. flag: empty in every row
    if (is.numeric(a) && is.numeric(b)) {
      if (!isTRUE(all(is.na(a) == is.na(b))) || !isTRUE(all(a[!is.na(a)] == b[!is.na(b)])))
        stop("column ", n, " of ", name, " does not round-trip")
    } else if (is.numeric(a) != is.numeric(b)) {
      # e.g. cds: digits only, read back as a number; not used in any estimate
      if (n %in% c("cds")) next
      stop("column ", n, " of ", name, " changed type")
    } else if (!identical(as.character(a), as.character(b))) {
      stop("column ", n, " of ", name, " does not round-trip")
    }
  }
  back
}

# ---------------------------------------------------------------------------
# JSON: objects are named lists, arrays unnamed lists; numbers as num_text1.

obj <- function(...) {
  x <- list(...)
  x <- x[!vapply(x, is.null, TRUE)]
  if (length(x) == 0) structure(list(), names = character(0)) else x
}

json_str <- function(s) {
  s <- gsub("\\", "\\\\", s, fixed = TRUE)
  s <- gsub("\"", "\\\"", s, fixed = TRUE)
  s <- gsub("\n", "\\n", s, fixed = TRUE)
  s <- gsub("\t", "\\t", s, fixed = TRUE)
  paste0("\"", s, "\"")
}

to_json <- function(x) {
  if (is.null(x)) return("null")
  if (is.list(x)) {
    if (!is.null(names(x))) {
      if (length(x) == 0) return("{}")
      parts <- vapply(seq_along(x), function(i) paste0(json_str(names(x)[i]), ": ", to_json(x[[i]])), "")
      return(paste0("{", paste(parts, collapse = ", "), "}"))
    }
    return(paste0("[", paste(vapply(x, to_json, ""), collapse = ", "), "]"))
  }
  if (length(x) != 1) stop("vector of length ", length(x), " in JSON; use a list")
  if (is.character(x)) return(json_str(x))
  if (is.logical(x)) return(if (x) "true" else "false")
  if (is.numeric(x)) return(num_text1(as.numeric(x)))
  stop("cannot write ", class(x))
}

# ---------------------------------------------------------------------------
# Topline text

tq <- function(v) if (grepl("^[A-Za-z_][A-Za-z0-9_]*$", v)) v else paste0("`", v, "`")
tq_str <- function(s) paste0("\"", s, "\"")

# ---------------------------------------------------------------------------
# The cases

cases <- list()
add_case <- function(id, d, query, r, expect, ...) {
  if (id %in% vapply(cases, function(k) k$id, "")) stop("duplicate case id ", id)
  extra <- list(...)
  for (e in expect) for (n in names(e)) {
    v <- e[[n]]
    if (is.numeric(v) && !all(is.finite(v))) stop("case ", id, ": ", n, " is ", v)
  }
  case <- c(list(id = id, data = d$data, design = d$design, r_design = d$r_design, stage = d$stage),
            extra, list(query = query, r = r, expect = expect))
  case <- case[!vapply(case, is.null, TRUE)]
  cases[[length(cases) + 1]] <<- case
}

num <- function(x) as.numeric(unname(x))

# An expect entry; NULL fields are left out.
entry <- function(column, row = obj(), ...) {
  x <- list(...)
  x <- x[!vapply(x, is.null, TRUE)]
  c(list(row = row, column = column), lapply(x, function(v) if (is.numeric(v)) num(v) else v))
}

tci <- function(value, se, df) {
  q <- qt(1 - (1 - LEVEL) / 2, df)
  c(num(value) - q * num(se), num(value) + q * num(se))
}

# A svystat (svymean/svytotal) with t interval on df.
stat_entry <- function(column, est, df, n, method, deff = NULL, deff_replace = NULL, row = obj()) {
  ci <- confint(est, df = df, level = LEVEL)
  stopifnot(isTRUE(all.equal(num(ci), tci(coef(est), SE(est), df), tolerance = 1e-12)))
  entry(column, row = row, value = coef(est), se = SE(est), ci_low = ci[1], ci_high = ci[2],
        df = df, deff = deff, deff_replace = deff_replace, n = n, method = method, interval = "t")
}

nonmissing <- function(des, vars) {
  ok <- Reduce(`&`, lapply(vars, function(v) !is.na(des$variables[[v]])))
  if (all(ok)) des else des[ok, ]
}

share_r <- function(cond) paste0("as.numeric(", cond$var, " == \"", cond$level, "\")")
share_tq <- function(cond) paste0("share(", tq(cond$var), " == ", tq_str(cond$level), ")")
share_formula <- function(cond) as.formula(paste0("~", share_r(cond)))

ciprop <- function(cond, des, method, level = LEVEL) {
  eval(bquote(svyciprop(.(share_formula(cond)), des, method = .(method), level = .(level))))
}

# svyciprop(method = "logit") in closed form: expit(logit(p) -/+ t(df) * SE(logit p)),
# SE(logit p) = SE(p) / (p (1 - p)) under linearisation; under replicate weights
# the variance of the replicates' logits about the full-sample logit.
logit_ci <- function(f, des, level) {
  q <- qt(1 - (1 - level) / 2, degf(des))
  if (inherits(des, "svyrep.design")) {
    m <- svymean(f, des, return.replicates = TRUE)
    p <- num(coef(m))
    th <- qlogis(p)
    v <- num(survey:::svrVar(qlogis(num(m$replicates)), des$scale, des$rscales, mse = des$mse, coef = th))
  } else {
    m <- svymean(f, des)
    p <- num(coef(m))
    th <- qlogis(p)
    v <- num(vcov(m)) / (p * (1 - p))^2
  }
  plogis(th + c(-1, 1) * q * sqrt(v))
}

share_entry <- function(column, cond, des, method, interval = "logit", level = LEVEL, row = obj(), with_deff = TRUE) {
  f <- share_formula(cond)
  m <- svymean(f, des, deff = if (with_deff) TRUE else FALSE)
  mr <- if (with_deff) svymean(f, des, deff = "replace") else NULL
  cp <- ciprop(cond, des, interval, level)
  ci <- attr(cp, "ci")
  if (interval == "logit") {
    # svyciprop fits the logit by svyglm's IRLS, converged to about 1e-9; the
    # fixture holds the closed form that it converges to (checked to 1e-6).
    stopifnot(isTRUE(all.equal(num(cp), num(coef(m)), tolerance = 1e-8)))
    exact <- logit_ci(f, des, level)
    stopifnot(isTRUE(all.equal(num(ci), exact, tolerance = 1e-6)))
    ci <- exact
  } else {
    stopifnot(isTRUE(all.equal(num(cp), num(coef(m)), tolerance = 1e-12)))
  }
  entry(column, row = row, value = coef(m), se = SE(m), ci_low = ci[1], ci_high = ci[2],
        df = degf(des), deff = if (with_deff) deff(m) else NULL,
        deff_replace = if (with_deff) deff(mr) else NULL,
        n = sum(weights(des, "sampling") != 0 & !is.na(des$variables[[cond$var]])),
        method = method, interval = interval, level = if (level != LEVEL) level else NULL)
}

# the SE of group lv of a svyby result (SE(b) has no names)
bse <- function(b, lv) num(SE(b))[match(lv, names(coef(b)))]

nrows <- function(des) sum(weights(des, "sampling") != 0)

# ---------------------------------------------------------------------------
# The standard battery of one design.
#   d: list(key, data, design, r_design, des, method, stage)
#   spec: yvars, shares (list of list(var, level)), group, a, b (two groups),
#         ratio (c(y, x)), quantiles (list of list(var, p)), xtab (c(row, col))

battery <- function(d, spec) {
  des <- d$des; key <- d$key; meth <- d$method
  rkey <- if (grepl("-", key)) paste0("`", key, "`") else key   # the design's name in R text
  g <- spec$group

  # means and totals, with design effects
  for (v in spec$yvars) {
    dd <- nonmissing(des, v); df <- degf(dd); n <- nrows(dd)
    na <- if (identical(dd, des)) "" else ", na.rm = TRUE"
    f <- as.formula(paste0("~", v))
    m <- svymean(f, dd, deff = TRUE); mr <- svymean(f, dd, deff = "replace")
    add_case(paste0(key, "/mean/", v), d,
             paste0("from d | summarize m = mean(", tq(v), ")"),
             paste0("svymean(~", v, ", ", rkey, na, ", deff = TRUE)"),
             list(stat_entry("m", m, df, n, meth, deff(m), deff(mr))))
    t <- svytotal(f, dd, deff = TRUE); tr <- svytotal(f, dd, deff = "replace")
    add_case(paste0(key, "/total/", v), d,
             paste0("from d | summarize t = total(", tq(v), ")"),
             paste0("svytotal(~", v, ", ", rkey, na, ", deff = TRUE)"),
             list(stat_entry("t", t, df, n, meth, deff(t), deff(tr))))
  }

  # shares (value and SE of the proportion, logit interval: R's default)
  for (s in spec$shares) {
    add_case(paste0(key, "/share/", s$var), d,
             paste0("from d | summarize p = ", share_tq(s)),
             paste0("svymean(~", share_r(s), ", ", rkey, ", deff = TRUE); svyciprop(~", share_r(s), ", ", rkey, ")"),
             list(share_entry("p", s, des, meth)))
  }

  # interval methods of svyciprop for the first share, on the whole design and on a domain
  s <- spec$shares[[1]]
  for (im in c("logit", "beta", "mean")) {
    add_case(paste0(key, "/interval/", im, "/", s$var), d,
             paste0("set interval ", im, "; from d | summarize p = ", share_tq(s)),
             paste0("svyciprop(~", share_r(s), ", ", rkey, ", method = \"", im, "\")"),
             list(share_entry("p", s, des, meth, interval = im, with_deff = FALSE)), interval = im)
    dom <- subset(des, des$variables[[g]] == spec$a)
    add_case(paste0(key, "/interval/", im, "/", s$var, "/where-", g, "-", spec$a), d,
             paste0("set interval ", im, "; from d | where ", tq(g), " == ", tq_str(spec$a),
                    " | summarize p = ", share_tq(s)),
             paste0("svyciprop(~", share_r(s), ", subset(", rkey, ", ", g, " == \"", spec$a, "\"), method = \"", im, "\")"),
             list(share_entry("p", s, dom, meth, interval = im, with_deff = FALSE)), interval = im)
  }
  add_case(paste0(key, "/interval/logit-90/", s$var), d,
           paste0("set level 90; set interval logit; from d | summarize p = ", share_tq(s)),
           paste0("svyciprop(~", share_r(s), ", ", rkey, ", method = \"logit\", level = 0.9)"),
           list(share_entry("p", s, des, meth, interval = "logit", level = 0.9, with_deff = FALSE)),
           interval = "logit")

  # ratio
  rv <- spec$ratio
  dd <- nonmissing(des, rv); df <- degf(dd)
  # (svyratio's deff = TRUE fails on replicate designs in survey 4.1)
  rdeff <- !inherits(dd, "svyrep.design")
  r <- svyratio(as.formula(paste0("~", rv[1])), as.formula(paste0("~", rv[2])), dd, deff = rdeff)
  ci <- confint(r, df = df, level = LEVEL)
  stopifnot(isTRUE(all.equal(num(ci), tci(coef(r), SE(r), df), tolerance = 1e-12)))
  add_case(paste0(key, "/ratio/", rv[1], "-", rv[2]), d,
           paste0("from d | summarize r = ratio(", tq(rv[1]), ", ", tq(rv[2]), ")"),
           paste0("svyratio(~", rv[1], ", ~", rv[2], ", ", rkey, if (rdeff) ", deff = TRUE" else "", ")"),
           list(entry("r", value = coef(r), se = SE(r), ci_low = ci[1], ci_high = ci[2], df = df,
                      deff = attr(r, "deff"), n = nrows(dd), method = meth, interval = "t")))

  # quantiles: qrule "math", Woodruff interval ("mean"), df = degf
  for (qq in spec$quantiles) {
    v <- qq$var; p <- qq$p
    dd <- nonmissing(des, v); df <- degf(dd)
    q <- svyquantile(as.formula(paste0("~", v)), dd, p, ci = TRUE)[[1]]
    qe <- entry("q", value = q[1, 1], se = q[1, 4], ci_low = q[1, 2], ci_high = q[1, 3],
                df = df, n = nrows(dd), method = meth, interval = "woodruff", qrule = "math")
    if (p == 0.5) {
      add_case(paste0(key, "/median/", v), d,
               paste0("from d | summarize q = median(", tq(v), ")"),
               paste0("svyquantile(~", v, ", ", rkey, ", 0.5)"), list(qe))
    }
    add_case(paste0(key, "/quantile/", v, "/", p), d,
             paste0("from d | summarize q = quantile(", tq(v), ", ", p, ")"),
             paste0("svyquantile(~", v, ", ", rkey, ", ", p, ")"), list(qe))
  }

  # by group (svyby): means with deff, totals, shares with logit intervals
  levels_g <- sort(unique(des$variables[[g]]))
  dom_of <- function(lv) subset(des, des$variables[[g]] == lv)
  for (v in spec$yvars[1]) {
    b <- svyby(as.formula(paste0("~", v)), as.formula(paste0("~", g)), des, svymean, deff = TRUE)
    ex <- lapply(levels_g, function(lv) {
      dm <- dom_of(lv); df <- degf(dm)
      m <- svymean(as.formula(paste0("~", v)), dm, deff = TRUE)
      mr <- svymean(as.formula(paste0("~", v)), dm, deff = "replace")
      stopifnot(isTRUE(all.equal(num(coef(m)), num(coef(b)[lv]), tolerance = 1e-12)),
                isTRUE(all.equal(num(SE(m)), num(bse(b, lv)), tolerance = 1e-12)))
      row <- list(); row[[g]] <- lv
      stat_entry("m", m, df, nrows(dm), meth, deff(m), deff(mr), row = row)
    })
    add_case(paste0(key, "/by-", g, "/mean/", v), d,
             paste0("from d | summarize m = mean(", tq(v), ") by ", tq(g)),
             paste0("svyby(~", v, ", ~", g, ", ", rkey, ", svymean, deff = TRUE)"), ex)
  }
  tv <- spec$yvars[length(spec$yvars)]
  b <- svyby(as.formula(paste0("~", tv)), as.formula(paste0("~", g)), des, svytotal, na.rm = TRUE)
  ex <- lapply(levels_g, function(lv) {
    dm <- nonmissing(dom_of(lv), tv); df <- degf(dm)
    t <- svytotal(as.formula(paste0("~", tv)), dm)
    stopifnot(isTRUE(all.equal(num(coef(t)), num(coef(b)[lv]), tolerance = 1e-12)),
              isTRUE(all.equal(num(SE(t)), num(bse(b, lv)), tolerance = 1e-12)))
    row <- list(); row[[g]] <- lv
    stat_entry("t", t, df, nrows(dm), meth, row = row)
  })
  add_case(paste0(key, "/by-", g, "/total/", tv), d,
           paste0("from d | summarize t = total(", tq(tv), ") by ", tq(g)),
           paste0("svyby(~", tv, ", ~", g, ", ", rkey, ", svytotal, na.rm = TRUE)"), ex)
  for (s in spec$shares) {
    b <- svyby(share_formula(s), as.formula(paste0("~", g)), des, svyciprop, vartype = "ci")
    ex <- lapply(levels_g, function(lv) {
      row <- list(); row[[g]] <- lv
      e <- share_entry("p", s, dom_of(lv), meth, row = row)
      stopifnot(isTRUE(all.equal(e$value, num(coef(b)[lv]), tolerance = 1e-8)),
                isTRUE(all.equal(c(e$ci_low, e$ci_high), num(b[match(lv, names(coef(b))), c("ci_l", "ci_u")]),
                                 tolerance = 1e-6)))
      e
    })
    add_case(paste0(key, "/by-", g, "/share/", s$var), d,
             paste0("from d | summarize p = ", share_tq(s), " by ", tq(g)),
             paste0("svyby(~", share_r(s), ", ~", g, ", ", rkey, ", svyciprop, vartype = \"ci\")"), ex)
  }

  # domain (where): subset(design, g == a)
  dom <- dom_of(spec$a)
  wh <- paste0("where ", tq(g), " == ", tq_str(spec$a))
  rsub <- paste0("subset(", rkey, ", ", g, " == \"", spec$a, "\")")
  v <- spec$yvars[1]
  dm <- nonmissing(dom, v)
  m <- svymean(as.formula(paste0("~", v)), dm, deff = TRUE); mr <- svymean(as.formula(paste0("~", v)), dm, deff = "replace")
  add_case(paste0(key, "/where-", g, "-", spec$a, "/mean/", v), d,
           paste0("from d | ", wh, " | summarize m = mean(", tq(v), ")"),
           paste0("svymean(~", v, ", ", rsub, ", deff = TRUE)"),
           list(stat_entry("m", m, degf(dm), nrows(dm), meth, deff(m), deff(mr))))
  dm <- nonmissing(dom, tv)
  t <- svytotal(as.formula(paste0("~", tv)), dm, deff = TRUE); tr <- svytotal(as.formula(paste0("~", tv)), dm, deff = "replace")
  add_case(paste0(key, "/where-", g, "-", spec$a, "/total/", tv), d,
           paste0("from d | ", wh, " | summarize t = total(", tq(tv), ")"),
           paste0("svytotal(~", tv, ", ", rsub, ", na.rm = TRUE, deff = TRUE)"),
           list(stat_entry("t", t, degf(dm), nrows(dm), meth, deff(t), deff(tr))))
  s <- spec$shares[[1]]
  add_case(paste0(key, "/where-", g, "-", spec$a, "/share/", s$var), d,
           paste0("from d | ", wh, " | summarize p = ", share_tq(s)),
           paste0("svymean(~", share_r(s), ", ", rsub, ", deff = TRUE); svyciprop(~", share_r(s), ", ", rsub, ")"),
           list(share_entry("p", s, dom, meth)))
  dm <- nonmissing(dom, rv)
  r <- svyratio(as.formula(paste0("~", rv[1])), as.formula(paste0("~", rv[2])), dm)
  ci <- tci(coef(r), SE(r), degf(dm))
  add_case(paste0(key, "/where-", g, "-", spec$a, "/ratio/", rv[1], "-", rv[2]), d,
           paste0("from d | ", wh, " | summarize r = ratio(", tq(rv[1]), ", ", tq(rv[2]), ")"),
           paste0("svyratio(~", rv[1], ", ~", rv[2], ", ", rsub, ")"),
           list(entry("r", value = coef(r), se = SE(r), ci_low = ci[1], ci_high = ci[2], df = degf(dm),
                      n = nrows(dm), method = meth, interval = "t")))
  qv <- spec$quantiles[[1]]$var
  dm <- nonmissing(dom, qv)
  q <- svyquantile(as.formula(paste0("~", qv)), dm, 0.5, ci = TRUE)[[1]]
  add_case(paste0(key, "/where-", g, "-", spec$a, "/median/", qv), d,
           paste0("from d | ", wh, " | summarize q = median(", tq(qv), ")"),
           paste0("svyquantile(~", qv, ", ", rsub, ", 0.5)"),
           list(entry("q", value = q[1, 1], se = q[1, 4], ci_low = q[1, 2], ci_high = q[1, 3],
                      df = degf(dm), n = nrows(dm), method = meth, interval = "woodruff", qrule = "math")))

  # compare two domains: difference, SE with covariance, t with svyttest's df
  cmp <- function(label, yform, ycall, summ) {
    b <- svyby(yform, as.formula(paste0("~", g)), des, svymean, covmat = TRUE)
    w <- setNames(rep(0, length(coef(b))), names(coef(b)))
    w[spec$a] <- 1; w[spec$b] <- -1
    ct <- svycontrast(b, w)
    diff <- num(coef(ct)); se <- num(SE(ct))
    two <- subset(des, des$variables[[g]] %in% c(spec$a, spec$b))
    tt <- eval(bquote(svyttest(.(as.formula(paste0(ycall, " ~ ", g))), two)))
    df <- num(tt$parameter)
    # svyttest reports (second level) - (first level); the same figure up to sign
    stopifnot(isTRUE(all.equal(abs(diff), abs(num(tt$estimate)), tolerance = 1e-10)),
              isTRUE(all.equal(abs(diff / se), abs(num(tt$statistic)), tolerance = 1e-10)))
    tstat <- diff / se
    p <- 2 * pt(-abs(tstat), df)
    stopifnot(isTRUE(all.equal(p, num(tt$p.value), tolerance = 1e-10)))
    ci <- tci(diff, se, df)
    side <- function(lv, col) {
      row <- list(); row[[g]] <- lv
      entry(col, row = row, value = coef(b)[lv], se = bse(b, lv))
    }
    add_case(paste0(key, "/compare-", g, "/", label), d,
             paste0("from d | summarize m = ", summ, " by ", tq(g), " | compare ", tq(g), " == ", tq_str(spec$a),
                    " vs ", tq(g), " == ", tq_str(spec$b)),
             paste0("b <- svyby(", deparse(yform), ", ~", g, ", ", rkey, ", svymean, covmat = TRUE); ",
                    "svycontrast(b, c(", spec$a, " = 1, ", spec$b, " = -1)); ",
                    "svyttest(", ycall, " ~ ", g, ", subset(", rkey, ", ", g, " %in% c(\"", spec$a, "\", \"", spec$b, "\")))"),
             list(side(spec$a, "a"), side(spec$b, "b"),
                  entry("difference", value = diff, se = se, ci_low = ci[1], ci_high = ci[2],
                        statistic = tstat, df = df, p = p, method = meth, interval = "t", test = "t")))
  }
  cmp(paste0("mean-", spec$yvars[1]), as.formula(paste0("~", spec$yvars[1])), spec$yvars[1],
      paste0("mean(", tq(spec$yvars[1]), ")"))
  cmp(paste0("share-", s$var), share_formula(s), share_r(s), share_tq(s))

  # Rao-Scott
  for (xt in spec$xtabs) {
    f <- as.formula(paste0("~", xt[1], " + ", xt[2]))
    cf <- svychisq(f, des, statistic = "F")
    cc <- svychisq(f, des, statistic = "Chisq")
    add_case(paste0(key, "/crosstab/", xt[1], "-", xt[2]), d,
             paste0("from d | crosstab ", tq(xt[1]), " by ", tq(xt[2])),
             paste0("svychisq(", deparse(f), ", ", rkey, ", statistic = \"F\"); svychisq(", deparse(f), ", ", rkey,
                    ", statistic = \"Chisq\")"),
             list(entry("independence", test = "F", statistic = cf$statistic, ndf = cf$parameter["ndf"],
                        ddf = cf$parameter["ddf"], p = cf$p.value, method = meth),
                  entry("independence", test = "Chisq", statistic = cc$statistic, ndf = cc$parameter["df"],
                        p = cc$p.value, method = meth)))
  }
}

# ---------------------------------------------------------------------------
# Data

data(api)
apisrs_c   <- write_csv(apisrs, "apisrs.csv")
apistrat_c <- write_csv(apistrat, "apistrat.csv")
apiclus1_c <- write_csv(apiclus1, "apiclus1.csv")
apiclus2_c <- write_csv(apiclus2, "apiclus2.csv")

# JK1 replicate weights of the one-stage cluster sample (15 PSUs)
rclus1_r <- as.svrepdesign(svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1), type = "JK1")
repw <- weights(rclus1_r, "analysis")
colnames(repw) <- paste0("repw", seq_len(ncol(repw)))
jk1_df <- cbind(apiclus1, as.data.frame(repw))
jk1_c <- write_csv(jk1_df, "apiclus1_jk1.csv")

# A synthetic successive-difference (ACS-style) design: 400 rows, 80 replicates
set.seed(20240612)
n_sdr <- 400
region <- sample(c("North", "South", "West"), n_sdr, replace = TRUE, prob = c(0.5, 0.3, 0.2))
w <- round(runif(n_sdr, 40, 400))
y <- round(rlnorm(n_sdr, 3.5 + 0.2 * (region == "South"), 0.5), 2)
x <- round(runif(n_sdr, 1, 5), 1)
x[sample(n_sdr, 6)] <- NA
item <- ifelse(runif(n_sdr) < plogis(-0.4 + 0.9 * (region == "South") + 0.02 * (y - 35)), "Yes", "No")
factors <- matrix(1 + 2^(-1.5) * (sample(c(-1, 1), n_sdr * 80, TRUE) - sample(c(-1, 1), n_sdr * 80, TRUE)), n_sdr, 80)
rw <- round(w * factors)
storage.mode(rw) <- "integer"
colnames(rw) <- paste0("repw", 1:80)
sdr_df <- data.frame(id = seq_len(n_sdr), region = region, w = as.integer(w), y = y, x = x, item = item,
                     stringsAsFactors = FALSE)
sdr_df <- cbind(sdr_df, as.data.frame(rw))
sdr_c <- write_csv(sdr_df, "sdr80.csv")

# small data sets of survey's own regression tests
data(fpc)
fpc_df <- fpc
fpc_df$frac <- fpc_df$nh / fpc_df$Nh
fpc_c <- write_csv(fpc_df, "fpc.csv")
kigyo <- data.frame(obs = 1:10, uriage = c(15L, 143L, 21L, 51L, 337L, 50L, 274L, 145L, 15L, 86L),
                    srs.w = rep(100L, 10), pps.w = c(20L, 200L, 11L, 25L, 550L, 30L, 250L, 100L, 10L, 55L),
                    check.names = FALSE)
kigyo_c <- write_csv(kigyo, "kigyo.csv")
# apiclus1 with a stratum (dnum 413) that is a certainty stratum by its fpc
l413 <- apiclus1[, c("snum", "dnum", "stype", "api00", "enroll", "awards", "pw")]
l413$fpc413 <- ifelse(l413$dnum == 413, 1, 1000)
l413_c <- write_csv(l413, "apiclus1_fpc413.csv")

# ---------------------------------------------------------------------------
# Designs (all on the data as read back from the CSV files)

api_spec <- list(
  yvars = c("api00", "api99", "enroll"),
  shares = list(list(var = "awards", level = "Yes"), list(var = "sch.wide", level = "Yes")),
  group = "stype", a = "E", b = "H",
  ratio = c("api00", "api99"),
  quantiles = list(list(var = "api00", p = 0.5), list(var = "api00", p = 0.25), list(var = "enroll", p = 0.75)),
  xtabs = list(c("awards", "stype"), c("sch.wide", "stype"))
)

designs <- list(
  list(key = "apisrs", data = "apisrs.csv", design = "design d weight pw fpc fpc",
       r_design = "apisrs <- svydesign(id = ~1, weights = ~pw, fpc = ~fpc, data = apisrs)",
       des = svydesign(id = ~1, weights = ~pw, fpc = ~fpc, data = apisrs_c), method = "linearization"),
  list(key = "apistrat", data = "apistrat.csv", design = "design d weight pw strata stype fpc fpc",
       r_design = "apistrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)",
       des = svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat_c), method = "linearization"),
  list(key = "apistrat-weights", data = "apistrat.csv", design = "design d weight pw",
       r_design = "`apistrat-weights` <- svydesign(ids = ~1, weights = ~pw, data = apistrat)",
       des = svydesign(ids = ~1, weights = ~pw, data = apistrat_c), method = "linearization"),
  list(key = "apiclus1", data = "apiclus1.csv", design = "design d weight pw cluster dnum fpc fpc",
       r_design = "apiclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)",
       des = svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1_c), method = "linearization"),
  list(key = "apiclus2-stage1", data = "apiclus2.csv", design = "design d weight pw cluster dnum fpc fpc1",
       r_design = "`apiclus2-stage1` <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc1, data = apiclus2)",
       des = svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc1, data = apiclus2_c), method = "linearization"),
  list(key = "apiclus2", data = "apiclus2.csv", design = "design d weight pw cluster dnum, snum fpc fpc1, fpc2",
       r_design = "apiclus2 <- svydesign(id = ~dnum + snum, weights = ~pw, fpc = ~fpc1 + fpc2, data = apiclus2)",
       des = svydesign(id = ~dnum + snum, weights = ~pw, fpc = ~fpc1 + fpc2, data = apiclus2_c),
       method = "linearization-2-stage", stage = 2),
  list(key = "apiclus1-jk1", data = "apiclus1_jk1.csv", design = "design d weight pw replicates repw1 .. repw15 method jk1",
       r_design = paste0("`apiclus1-jk1` <- svrepdesign(data = apiclus1_jk1, weights = ~pw, repweights = \"repw[0-9]+\", ",
                         "type = \"JK1\", scale = 14/15, mse = TRUE)"),
       des = svrepdesign(data = jk1_c, weights = ~pw, repweights = "repw[0-9]+", type = "JK1",
                         scale = 14 / 15, mse = TRUE, combined.weights = TRUE),
       method = "jk1")
)

sdr_design <- list(key = "sdr80", data = "sdr80.csv", design = "design d weight w replicates repw1 .. repw80 method sdr",
                   r_design = paste0("sdr80 <- svrepdesign(data = sdr80, weights = ~w, repweights = \"repw[0-9]+\", ",
                                     "type = \"successive-difference\", mse = TRUE)"),
                   des = svrepdesign(data = sdr_c, weights = ~w, repweights = "repw[0-9]+",
                                     type = "successive-difference", mse = TRUE, combined.weights = TRUE),
                   method = "sdr")
stopifnot(isTRUE(all.equal(sdr_design$des$scale, 4 / 80)), all(sdr_design$des$rscales == 1),
          ncol(sdr_design$des$repweights) == 80, degf(sdr_design$des) == 79)

# The JK1 design built from the exported columns is R's as.svrepdesign of the
# cluster design without fpc (the fpc only scales the JK1 variance, by 1 - 15/757).
local({
  ref <- as.svrepdesign(svydesign(id = ~dnum, weights = ~pw, data = apiclus1), type = "JK1", mse = TRUE)
  mine <- designs[[7]]$des
  for (f in list(~api00, ~enroll, ~I(awards == "Yes"))) {
    stopifnot(isTRUE(all.equal(num(SE(svymean(f, ref))), num(SE(svymean(f, mine))), tolerance = 1e-12)))
  }
  withfpc <- as.svrepdesign(svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1), type = "JK1", mse = TRUE)
  stopifnot(isTRUE(all.equal(withfpc$scale, (1 - 15 / 757) * 14 / 15)))
})

for (d in designs) battery(d, api_spec)

battery(sdr_design, list(
  yvars = c("y", "x"),
  shares = list(list(var = "item", level = "Yes")),
  group = "region", a = "North", b = "South",
  ratio = c("y", "x"),
  quantiles = list(list(var = "y", p = 0.5), list(var = "y", p = 0.1), list(var = "x", p = 0.75)),
  xtabs = list(c("item", "region"))
))

# ---------------------------------------------------------------------------
# Lonely PSUs: apiclus1 with district (dnum) as strata and schools as PSUs;
# district 413 has a single school.

lonely <- list(key = "lonely", data = "apiclus1.csv", design = "design d weight pw strata dnum",
               r_design = "lonely <- svydesign(id = ~1, weights = ~pw, strata = ~dnum, data = apiclus1)",
               method = "linearization")
lonely$des <- svydesign(id = ~1, weights = ~pw, strata = ~dnum, data = apiclus1_c)
with_lonely <- function(opt, expr) {
  old <- options(survey.lonely.psu = opt)
  on.exit(options(old))
  force(expr)
}
ldes <- lonely$des
lonely_fail <- tryCatch(svymean(~api00, ldes), error = function(e) conditionMessage(e))
stopifnot(is.character(lonely_fail), grepl("Stratum (413) has only one PSU at stage 1", lonely_fail, fixed = TRUE))
add_case("lonely/fail/mean/api00", lonely,
         "set lonely_psu fail; from d | summarize m = mean(api00)",
         "options(survey.lonely.psu = \"fail\"); svymean(~api00, lonely)",
         list(), lonely_psu = "fail", error = "413", r_error = lonely_fail)
for (opt in c("remove", "certainty", "adjust", "average")) {
  with_lonely(opt, {
    m <- svymean(~api00, ldes)
    add_case(paste0("lonely/", opt, "/mean/api00"), lonely,
             paste0("set lonely_psu ", opt, "; from d | summarize m = mean(api00)"),
             paste0("options(survey.lonely.psu = \"", opt, "\"); svymean(~api00, lonely)"),
             list(stat_entry("m", m, degf(ldes), nrows(ldes), "linearization")), lonely_psu = opt)
    t <- svytotal(~enroll, ldes)
    add_case(paste0("lonely/", opt, "/total/enroll"), lonely,
             paste0("set lonely_psu ", opt, "; from d | summarize t = total(enroll)"),
             paste0("options(survey.lonely.psu = \"", opt, "\"); svytotal(~enroll, lonely)"),
             list(stat_entry("t", t, degf(ldes), nrows(ldes), "linearization")), lonely_psu = opt)
    add_case(paste0("lonely/", opt, "/share/awards"), lonely,
             paste0("set lonely_psu ", opt, "; from d | summarize p = share(awards == \"Yes\")"),
             paste0("options(survey.lonely.psu = \"", opt, "\"); svymean(~I(awards == \"Yes\"), lonely)"),
             list(share_entry("p", list(var = "awards", level = "Yes"), ldes, "linearization", with_deff = FALSE)),
             lonely_psu = opt)
    # a domain in which stratum 406 (2 PSUs in the design) has one PSU: not a lonely stratum
    dom <- subset(ldes, dnum != 413 & snum != 2093)
    m <- svymean(~api00, dom)
    add_case(paste0("lonely/", opt, "/where-one-psu-in-domain/mean/api00"), lonely,
             paste0("set lonely_psu ", opt, "; from d | where dnum != 413 and snum != 2093 | summarize m = mean(api00)"),
             paste0("options(survey.lonely.psu = \"", opt, "\"); svymean(~api00, subset(lonely, dnum != 413 & snum != 2093))"),
             list(stat_entry("m", m, degf(dom), nrows(dom), "linearization")), lonely_psu = opt)
  })
}
# a domain without the lonely stratum: no error even under "fail"
dom <- subset(ldes, dnum != 413)
m <- svymean(~api00, dom)
add_case("lonely/fail/where-dnum-not-413/mean/api00", lonely,
         "set lonely_psu fail; from d | where dnum != 413 | summarize m = mean(api00)",
         "options(survey.lonely.psu = \"fail\"); svymean(~api00, subset(lonely, dnum != 413))",
         list(stat_entry("m", m, degf(dom), nrows(dom), "linearization")), lonely_psu = "fail")
dom <- subset(ldes, dnum != 413 & snum != 2093)
m <- svymean(~api00, dom)
add_case("lonely/fail/where-one-psu-in-domain/mean/api00", lonely,
         "set lonely_psu fail; from d | where dnum != 413 and snum != 2093 | summarize m = mean(api00)",
         "options(survey.lonely.psu = \"fail\"); svymean(~api00, subset(lonely, dnum != 413 & snum != 2093))",
         list(stat_entry("m", m, degf(dom), nrows(dom), "linearization")), lonely_psu = "fail")
# a domain that is the lonely stratum: fails
dom_fail <- tryCatch(svymean(~api00, subset(ldes, dnum == 413)), error = function(e) conditionMessage(e))
stopifnot(is.character(dom_fail))
add_case("lonely/fail/where-dnum-413/mean/api00", lonely,
         "set lonely_psu fail; from d | where dnum == 413 | summarize m = mean(api00)",
         "options(survey.lonely.psu = \"fail\"); svymean(~api00, subset(lonely, dnum == 413))",
         list(), lonely_psu = "fail", error = "413", r_error = dom_fail)
# the single PSU is a certainty PSU by its fpc (N = 1): contributes no variance, no error
lonely413 <- list(key = "lonely-fpc", data = "apiclus1_fpc413.csv", design = "design d weight pw strata dnum fpc fpc413",
                  r_design = "`lonely-fpc` <- svydesign(id = ~1, weights = ~pw, strata = ~dnum, fpc = ~fpc413, data = apiclus1_fpc413)",
                  method = "linearization")
lonely413$des <- svydesign(id = ~1, weights = ~pw, strata = ~dnum, fpc = ~fpc413, data = l413_c)
for (opt in c("fail", "average")) {
  with_lonely(opt, {
    m <- svymean(~api00, lonely413$des)
    add_case(paste0("lonely-fpc/", opt, "/mean/api00"), lonely413,
             paste0("set lonely_psu ", opt, "; from d | summarize m = mean(api00)"),
             paste0("options(survey.lonely.psu = \"", opt, "\"); svymean(~api00, `lonely-fpc`)"),
             list(stat_entry("m", m, degf(lonely413$des), nrows(lonely413$des), "linearization")), lonely_psu = opt)
  })
}

# ---------------------------------------------------------------------------
# Figures of survey's own regression tests (tests/*.Rout.save in the package
# source). `printed` holds the text of the .Rout.save, copied by hand; the
# script checks that R prints the same text today, and `expect` has the
# full-precision values.

printed_check <- function(obj, strings) {
  out <- paste(capture.output(print(obj)), collapse = "\n")
  for (s in strings) if (!grepl(s, out, fixed = TRUE)) stop("R no longer prints '", s, "':\n", out)
}

source_case <- function(id, d, src, query, r, obj, printed, expect, ...) {
  printed_check(obj, unlist(printed))
  add_case(id, d, query, r, expect, source = paste0("survey/tests/", src), printed = printed, ...)
}

# A case above that already is the figure of a regression test gets its
# source and printed text added, instead of a second case.
annotate <- function(id, src, obj, printed, r_test) {
  printed_check(obj, unlist(printed))
  i <- which(vapply(cases, function(k) k$id, "") == id)
  stopifnot(length(i) == 1)
  k <- cases[[i]]
  at <- which(names(k) == "query")
  k <- c(k[seq_len(at - 1)], list(source = paste0("survey/tests/", src), printed = printed, r_test = r_test),
         k[at:length(k)])
  cases[[i]] <<- k
}

s_strat <- designs[[2]]; s_clus1 <- designs[[4]]
annotate("apistrat/mean/api00", "api.Rout.save", svymean(~api00, s_strat$des),
         obj(value = "662.29", se = "9.4089"), "svymean(~api00, dstrat)")
annotate("apistrat/total/enroll", "api.Rout.save", svytotal(~enroll, s_strat$des, na.rm = TRUE),
         obj(value = "3687178", se = "114642"), "svytotal(~enroll, dstrat, na.rm = TRUE)")
annotate("apiclus1/mean/api00", "api.Rout.save", svymean(~api00, s_clus1$des),
         obj(value = "644.17", se = "23.542"), "svymean(~api00, dclus1)")
annotate("apiclus1/total/enroll", "api.Rout.save", svytotal(~enroll, s_clus1$des, na.rm = TRUE),
         obj(value = "3404940", se = "932235"), "svytotal(~enroll, dclus1, na.rm = TRUE)")
# two-stage, without replacement: R's design weights come from fpc1 and fpc2 (equal to pw to 1e-15)
s_clus2 <- list(key = "dclus2", data = "apiclus2.csv", design = "design d weight pw cluster dnum, snum fpc fpc1, fpc2",
                r_design = "dclus2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)",
                des = svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2_c), stage = 2)
m <- svymean(~api00, s_clus2$des)
source_case("source/api/apiclus2/mean/api00", s_clus2, "api.Rout.save",
            "from d | summarize m = mean(api00)", "svymean(~api00, dclus2)", m,
            obj(value = "670.81", se = "30.099"),
            list(entry("m", value = coef(m), se = SE(m), method = "linearization-2-stage")))
# two-stage with replacement: the variance is the first stage's alone (ultimate clusters)
s_clus2wr <- list(key = "dclus2wr", data = "apiclus2.csv", design = "design d weight pw cluster dnum, snum",
                  r_design = "dclus2wr <- svydesign(id = ~dnum + snum, weights = ~pw, data = apiclus2)",
                  des = svydesign(id = ~dnum + snum, weights = ~pw, data = apiclus2_c))
m <- svymean(~api00, s_clus2wr$des)
stopifnot(isTRUE(all.equal(num(SE(m)), num(SE(svymean(~api00, svydesign(id = ~dnum, weights = ~pw, data = apiclus2_c)))),
                           tolerance = 1e-12)))
source_case("source/api/apiclus2-wr/mean/api00", s_clus2wr, "api.Rout.save",
            "from d | summarize m = mean(api00)", "svymean(~api00, dclus2wr)", m,
            obj(value = "670.81", se = "30.712"),
            list(entry("m", value = coef(m), se = SE(m), method = "linearization")))
t <- svytotal(~enroll, s_clus2wr$des, na.rm = TRUE)
source_case("source/api/apiclus2-wr/total/enroll", s_clus2wr, "api.Rout.save",
            "from d | summarize t = total(enroll)", "svytotal(~enroll, dclus2wr, na.rm = TRUE)", t,
            obj(value = "2639273", se = "820261"),
            list(entry("t", value = coef(t), se = SE(t), method = "linearization")))

# lonely.psu.Rout.save: ds <- svydesign(id = ~1, weights = ~pw, strata = ~dnum, data = apiclus1)
stopifnot(grepl("Stratum (413) has only one PSU at stage 1", lonely_fail, fixed = TRUE))
local({
  i <- which(vapply(cases, function(k) k$id, "") == "lonely/fail/mean/api00")
  k <- cases[[i]]
  at <- which(names(k) == "query")
  cases[[i]] <<- c(k[seq_len(at - 1)], list(source = "survey/tests/lonely.psu.Rout.save",
                                           printed = obj(error = "Stratum (413) has only one PSU at stage 1"),
                                           r_test = "options(survey.lonely.psu = \"fail\"); try(svymean(~api00, ds))"),
                   k[at:length(k)])
})
for (pr in list(c("remove", "5.8058"), c("certainty", "5.8058"), c("adjust", "5.8281"), c("average", "6.0096"))) {
  with_lonely(pr[1], annotate(paste0("lonely/", pr[1], "/mean/api00"), "lonely.psu.Rout.save", svymean(~api00, ldes),
                              obj(value = "644.17", se = pr[2]),
                              paste0("options(survey.lonely.psu = \"", pr[1], "\"); svymean(~api00, ds)")))
}
with_lonely("fail", annotate("lonely-fpc/fail/mean/api00", "lonely.psu.Rout.save", svymean(~api00, lonely413$des),
                             obj(value = "644.17", se = "5.7344"),
                             paste0("fpc <- ifelse(apiclus1$dnum == 413, 1, 1000); ds <- svydesign(id = ~1, weights = ~pw, ",
                                    "strata = ~dnum, data = apiclus1, fpc = fpc); svymean(~api00, ds)")))

# fpc.Rout.save / check.Rout.save: strata stratid, PSUs psuid numbered within strata (nest = TRUE)
fpc_nofpc <- list(key = "fpc-nofpc", data = "fpc.csv", design = "design d weight weight strata stratid cluster psuid",
                  r_design = "withoutfpc <- svydesign(weights = ~weight, ids = ~psuid, strata = ~stratid, data = fpc, nest = TRUE)",
                  des = svydesign(weights = ~weight, ids = ~psuid, strata = ~stratid, data = fpc_c, nest = TRUE))
m <- svymean(~x, fpc_nofpc$des)
source_case("source/fpc/without-fpc", fpc_nofpc, "fpc.Rout.save", "from d | summarize m = mean(x)",
            "svymean(~x, withoutfpc)", m, obj(value = "5.4481", se = "0.7413"),
            list(entry("m", value = coef(m), se = SE(m), df = degf(fpc_nofpc$des), method = "linearization")))
fpc_N <- list(key = "fpc-N", data = "fpc.csv", design = "design d weight weight strata stratid cluster psuid fpc Nh",
              r_design = "withfpc <- svydesign(weights = ~weight, ids = ~psuid, strata = ~stratid, fpc = ~Nh, data = fpc, nest = TRUE)",
              des = svydesign(weights = ~weight, ids = ~psuid, strata = ~stratid, fpc = ~Nh, data = fpc_c, nest = TRUE))
m <- svymean(~x, fpc_N$des)
source_case("source/fpc/fpc-population", fpc_N, "fpc.Rout.save", "from d | summarize m = mean(x)",
            "svymean(~x, withfpc)", m, obj(value = "5.4481", se = "0.616"),
            list(entry("m", value = coef(m), se = SE(m), df = degf(fpc_N$des), method = "linearization")))
fpc_f <- list(key = "fpc-fraction", data = "fpc.csv", design = "design d weight weight strata stratid cluster psuid fpc frac",
              r_design = "withfpc <- svydesign(weights = ~weight, ids = ~psuid, strata = ~stratid, fpc = ~I(nh/Nh), data = fpc, nest = TRUE)",
              des = svydesign(weights = ~weight, ids = ~psuid, strata = ~stratid, fpc = ~frac, data = fpc_c, nest = TRUE))
m <- svymean(~x, fpc_f$des)
source_case("source/fpc/fpc-fraction", fpc_f, "fpc.Rout.save", "from d | summarize m = mean(x)",
            "svymean(~x, withfpc)  # fpc = ~I(nh/Nh), here the column frac", m, obj(value = "5.4481", se = "0.616"),
            list(entry("m", value = coef(m), se = SE(m), df = degf(fpc_f$des), method = "linearization")))
fpc_cl <- list(key = "fpc-cluster", data = "fpc.csv", design = "design d weight weight cluster psuid",
               r_design = "a <- svydesign(ids = ~psuid, weights = ~weight, data = fpc, nest = TRUE)",
               des = svydesign(ids = ~psuid, weights = ~weight, data = fpc_c, nest = TRUE))
m <- svymean(~x, fpc_cl$des)
source_case("source/check/cluster-no-strata", fpc_cl, "check.Rout.save", "from d | summarize m = mean(x)",
            "svymean(~x, a)  # psuid 1..5 without strata: 5 clusters", m, obj(value = "5.4481", se = "0.7938"),
            list(entry("m", value = coef(m), se = SE(m), df = degf(fpc_cl$des), method = "linearization")))

# domain.Rout.save: domain means on the fpc data (strata and nested PSUs, no fpc)
for (dm in list(list("gt4", "x > 4", "6.195", "0.7555129", TRUE), list("le4", "x <= 4", "3.314286", "0.3117042", FALSE))) {
  sub <- subset(fpc_nofpc$des, if (dm[[5]]) x > 4 else x <= 4)
  m <- suppressWarnings(svymean(~x, sub))
  b <- suppressWarnings(svyby(~x, ~I(x > 4), fpc_nofpc$des, svymean, keep.var = TRUE))
  printed_check(b, c(dm[[3]], dm[[4]]))
  stopifnot(isTRUE(all.equal(num(SE(m)), num(SE(b)[if (dm[[5]]) 2 else 1]), tolerance = 1e-12)))
  add_case(paste0("source/domain/", dm[[1]]), fpc_nofpc,
           paste0("from d | where ", dm[[2]], " | summarize m = mean(x)"),
           paste0("svymean(~x, subset(dfpc, ", dm[[2]], ")); svyby(~x, ~I(x > 4), dfpc, svymean)"),
           list(entry("m", value = coef(m), se = SE(m), df = degf(sub), method = "linearization")),
           source = "survey/tests/domain.Rout.save", printed = obj(value = dm[[3]], se = dm[[4]]))
}

# deff.Rout.save: design effects against SRS without replacement (deff = TRUE) and with (deff = "replace")
k_srs <- list(key = "kigyo-srs", data = "kigyo.csv", design = "design d weight `srs.w`",
              r_design = "des.srs <- svydesign(ids = ~1, weights = ~srs.w, data = kigyo)",
              des = svydesign(ids = ~1, weights = ~srs.w, data = kigyo_c))
m <- svymean(~uriage, k_srs$des, deff = TRUE)
source_case("source/deff/srs/mean", k_srs, "deff.Rout.save", "from d | summarize m = mean(uriage)",
            "svymean(~uriage, des.srs, deff = TRUE)", m, obj(value = "113.700", se = "35.626", deff = "1.0101"),
            list(entry("m", value = coef(m), se = SE(m), deff = deff(m), method = "linearization")))
t <- svytotal(~uriage, k_srs$des, deff = TRUE)
source_case("source/deff/srs/total", k_srs, "deff.Rout.save", "from d | summarize t = total(uriage)",
            "svytotal(~uriage, des.srs, deff = TRUE)", t, obj(value = "113700", se = "35626", deff = "1.0101"),
            list(entry("t", value = coef(t), se = SE(t), deff = deff(t), method = "linearization")))
k_pps <- list(key = "kigyo-pps", data = "kigyo.csv", design = "design d weight `pps.w`",
              r_design = "des.pps <- svydesign(ids = ~1, weights = ~pps.w, data = kigyo)",
              des = svydesign(ids = ~1, weights = ~pps.w, data = kigyo_c))
m <- svymean(~uriage, k_pps$des, deff = "replace")
source_case("source/deff/pps/mean", k_pps, "deff.Rout.save", "from d | summarize m = mean(uriage)",
            "svymean(~uriage, des.pps, deff = \"replace\")", m, obj(value = "243.914", se = "48.752", deff_replace = "1.9741"),
            list(entry("m", value = coef(m), se = SE(m), deff_replace = deff(m), method = "linearization")))
t <- svytotal(~uriage, k_pps$des, deff = "replace")
source_case("source/deff/pps/total", k_pps, "deff.Rout.save", "from d | summarize t = total(uriage)",
            "svytotal(~uriage, des.pps, deff = \"replace\")", t, obj(value = "305136", se = "184965", deff_replace = "18.157"),
            list(entry("t", value = coef(t), se = SE(t), deff_replace = deff(t), method = "linearization")))

# ---------------------------------------------------------------------------
# Weighted data loaded with `load … weight w` (the case field `weight`: the test
# loads with it and declares no design): R's svydesign(ids = ~1, weights = ~w).
# The issue's reproductions: carData::CES11 (abortion by gender, p = 0.549 in
# svyttest; the weighted avg(population) by gender), two groups of 1,000 rows
# with weights 0.2 or 5, and two items of the same weighted respondents.

weighted_load <- function(key, file, df, w) {
  back <- write_csv(df, file)
  list(key = key, data = file, design = "",
       r_design = paste0(key, " <- svydesign(ids = ~1, weights = ~", w, ", data = ", sub("\\.csv$", "", file), ")"),
       des = svydesign(ids = as.formula("~1"), weights = as.formula(paste0("~", w)), data = back), method = "linearization",
       weight = w)
}

# compare of two domains of a weights-only design (the fixture's difference is A − B)
weighted_compare <- function(d, id, g, a, b, ycall, summ) {
  des <- d$des
  yform <- as.formula(paste0("~", ycall))
  by <- svyby(yform, as.formula(paste0("~", g)), des, svymean, covmat = TRUE)
  w <- setNames(rep(0, length(coef(by))), names(coef(by)))
  w[a] <- 1; w[b] <- -1
  ct <- svycontrast(by, w)
  diff <- num(coef(ct)); se <- num(SE(ct))
  two <- subset(des, des$variables[[g]] %in% c(a, b))
  tt <- eval(bquote(svyttest(.(as.formula(paste0(ycall, " ~ ", g))), two)))
  df <- num(tt$parameter)
  stopifnot(isTRUE(all.equal(abs(diff / se), abs(num(tt$statistic)), tolerance = 1e-10)))
  p <- 2 * pt(-abs(diff / se), df)
  stopifnot(isTRUE(all.equal(p, num(tt$p.value), tolerance = 1e-10)))
  ci <- tci(diff, se, df)
  side <- function(lv, col) { row <- list(); row[[g]] <- lv; entry(col, row = row, value = coef(by)[lv], se = bse(by, lv)) }
  add_case(id, d,
           paste0("from d | summarize m = ", summ, " by ", tq(g), " | compare ", tq(g), " == ", tq_str(a), " vs ", tq(g), " == ", tq_str(b)),
           paste0("svycontrast(svyby(", deparse(yform), ", ~", g, ", ", d$key, ", svymean, covmat = TRUE), c(", a, " = 1, ", b, " = -1)); ",
                  "svyttest(", ycall, " ~ ", g, ", subset(", d$key, ", ", g, " %in% c(\"", a, "\", \"", b, "\")))"),
           list(side(a, "a"), side(b, "b"),
                entry("difference", value = diff, se = se, ci_low = ci[1], ci_high = ci[2], statistic = diff / se, df = df, p = p,
                      method = "linearization", interval = "t", test = "t")),
           weight = d$weight)
}

data(CES11, package = "carData")
ces <- weighted_load("ces11", "ces11.csv", CES11, "weight")
weighted_compare(ces, "ces11/compare-gender/share-abortion", "gender", "Female", "Male",
                 "as.numeric(abortion == \"Yes\")", "share(abortion == \"Yes\")")
ces_tt <- svyttest(I(abortion == "Yes") ~ gender, ces$des)
stopifnot(isTRUE(all.equal(round(num(ces_tt$p.value), 3), 0.549)))
# avg(population) by gender: the weighted point estimates (5,636,214 for women), plain numbers
pop <- svyby(~population, ~gender, ces$des, svymean)
add_case("ces11/avg-by-gender/population", ces, "from d | summarize m = avg(population) by gender",
         "coef(svyby(~population, ~gender, ces11, svymean))",
         lapply(c("Female", "Male"), function(lv) entry("m", row = list(gender = lv), value = coef(pop)[lv])),
         weight = "weight")
stopifnot(round(num(coef(pop)["Female"])) == 5636214)
# median(population) on weighted data: svyquantile(…, 0.5), qrule "math", Woodruff interval, df = degf
pq <- svyquantile(~population, ces$des, 0.5, ci = TRUE)[[1]]
add_case("ces11/median/population", ces, "from d | summarize q = median(population)",
         "svyquantile(~population, ces11, 0.5, ci = TRUE)",
         list(entry("q", value = pq[1, 1], se = pq[1, 4], ci_low = pq[1, 2], ci_high = pq[1, 3], df = degf(ces$des),
                    n = nrows(ces$des), method = "linearization", interval = "woodruff", qrule = "math")),
         weight = "weight")

# two groups of 1,000 with weights 0.2 or 5 (n_eff ≈ 300 each): R's default generators
set.seed(20261201, kind = "Mersenne-Twister", normal.kind = "Inversion", sample.kind = "Rejection")
heavy <- data.frame(id = 1:2000, group = rep(c("A", "B"), each = 1000),
                    w = sample(c(0.2, 5), 2000, replace = TRUE),
                    y = ifelse(runif(2000) < rep(c(0.5, 0.45), each = 1000), "yes", "no"))
hw <- weighted_load("heavy", "heavy_weights.csv", heavy, "w")
weighted_compare(hw, "heavy/compare-group/share-y", "group", "A", "B", "as.numeric(y == \"yes\")", "share(y == \"yes\")")

# two items of the same weighted respondents: the rows that answered both, the paired difference A − B
micro <- read.csv("Tests/ToplineTests/Fixtures/microdata/microdata-1000.csv", stringsAsFactors = FALSE)
md <- weighted_load("microdata", "microdata_1000.csv", micro[, c("respondent_id", "region", "role", "weight", "social_media_now", "social_media_future")], "weight")
md$des <- update(md$des, a = as.numeric(social_media_now == "yes"), b = as.numeric(social_media_future == "yes"), d = a - b)
pm <- svymean(~a + b, md$des); pd <- svymean(~d, md$des)
ptt <- svyttest(d ~ 0, md$des)
pdf <- num(ptt$parameter)   # svyttest's df: degf(design) − 1, as for two groups
stopifnot(isTRUE(all.equal(num(coef(pd)) / num(SE(pd)), num(ptt$statistic), tolerance = 1e-10)), pdf == degf(md$des) - 1)
pci <- tci(coef(pd), SE(pd), pdf)
add_case("microdata/compare-items/social-media", md,
         "from d | compare social_media_now == \"yes\" vs social_media_future == \"yes\"",
         "svymean(~a + b, microdata); svyttest(I(a - b) ~ 0, microdata)",
         list(entry("a", value = coef(pm)["a"], se = num(SE(pm))[1]), entry("b", value = coef(pm)["b"], se = num(SE(pm))[2]),
              entry("difference", value = coef(pd), se = SE(pd), ci_low = pci[1], ci_high = pci[2], statistic = coef(pd) / SE(pd),
                    df = pdf, p = num(ptt$p.value), method = "linearization", interval = "t", test = "t")),
         weight = "weight")

# ---------------------------------------------------------------------------
# Banner tables (`tabulate ROW by BANNER, …`): each column's share of each
# category (svyby(~I(row == k), ~banner, design, svymean); the Total: svymean),
# the letters of R's design-based pairwise tests (svycontrast of svyby with
# covmat = TRUE, t on svyttest's df, Bonferroni over the pairs of a row, 95%),
# and Rao–Scott F per row × banner (svychisq). The query declares the banner
# categories' order with `levels`, so the letters are those of that order.

tabulate_case <- function(d, id, rowvar, banners, levels_of) {
  des <- d$des
  vars <- des$variables
  cats <- sort(unique(as.character(vars[[rowvar]][!is.na(vars[[rowvar]])])))
  lv <- function(b) levels_of[[b]]
  entries <- list()
  for (k in cats) {
    yk <- as.formula(paste0("~as.numeric(", rowvar, " == \"", k, "\")"))
    tot <- svymean(yk, des)
    entries[[length(entries) + 1]] <- entry("value", row = list(variable = rowvar, category = k, banner = "Total", column = "Total"),
                                            value = coef(tot), se = SE(tot), df = degf(des))
    for (b in banners) {
      by <- svyby(yk, as.formula(paste0("~", b)), des, svymean, covmat = TRUE)
      cols <- lv(b)
      pairs <- list()
      for (i in seq_along(cols)) for (j in seq_along(cols)) if (i < j) {
        w <- setNames(rep(0, length(cols)), names(coef(by))); w[cols[i]] <- 1; w[cols[j]] <- -1
        ct <- svycontrast(by, w)
        two <- subset(des, des$variables[[b]] %in% c(cols[i], cols[j]))
        df <- degf(two) - 1
        p <- 2 * pt(-abs(num(coef(ct)) / num(SE(ct))), df)
        pairs[[length(pairs) + 1]] <- list(i = i, j = j, diff = num(coef(ct)), p = p)
      }
      adjusted <- p.adjust(vapply(pairs, function(x) x$p, 0), "bonferroni")
      letters <- setNames(rep("", length(cols)), cols)
      for (q in seq_along(pairs)) if (adjusted[q] < 0.05) {
        x <- pairs[[q]]
        big <- if (x$diff > 0) x$i else x$j; small <- if (x$diff > 0) x$j else x$i
        letters[cols[big]] <- paste0(letters[cols[big]], LETTERS[small])
      }
      for (ci in seq_along(cols)) {
        dom <- subset(des, des$variables[[b]] == cols[ci])
        entries[[length(entries) + 1]] <- entry("value", row = list(variable = rowvar, category = k, banner = b, column = cols[ci]),
                                                value = coef(by)[cols[ci]], se = bse(by, cols[ci]), df = degf(dom),
                                                letters = paste(sort(strsplit(letters[cols[ci]], "")[[1]]), collapse = ""))
      }
    }
  }
  for (b in banners) {
    x <- svychisq(as.formula(paste0("~", rowvar, " + ", b)), des, statistic = "F")
    entries[[length(entries) + 1]] <- entry("independence", row = list(variable = rowvar, banner = b), test = "F",
                                            statistic = x$statistic, ndf = x$parameter["ndf"], ddf = x$parameter["ddf"], p = x$p.value)
  }
  levels_tq <- paste0(vapply(banners, function(b) paste0(" | levels ", tq(b), " (", paste(vapply(lv(b), tq_str, ""), collapse = ", "), ")"), ""), collapse = "")
  add_case(id, d, paste0("from d", levels_tq, " | tabulate ", tq(rowvar), " by ", paste(vapply(banners, tq, ""), collapse = ", ")),
           paste0("svyby(~I(", rowvar, " == k), ~banner, ", d$key, ", svymean, covmat = TRUE); svycontrast; svychisq(~", rowvar, " + banner, ", d$key, ")"),
           entries, weight = d$weight)
}

tabulate_case(ces, "ces11/tabulate/importance-by-gender-urban", "importance", c("gender", "urban"),
              list(gender = c("Female", "Male"), urban = c("rural", "urban")))
tabulate_case(list(key = "apistrat", data = "apistrat.csv", design = "design d weight pw strata stype fpc fpc",
                   r_design = "apistrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)",
                   des = svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat_c)),
              "apistrat/tabulate/stype-by-awards", "stype", c("awards", "sch.wide"),
              list(awards = c("No", "Yes"), sch.wide = c("No", "Yes")))
tabulate_case(list(key = "apiclus1", data = "apiclus1.csv", design = "design d weight pw cluster dnum fpc fpc",
                   r_design = "apiclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)",
                   des = svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1_c)),
              "apiclus1/tabulate/stype-by-awards", "stype", c("awards"), list(awards = c("No", "Yes")))

# ---------------------------------------------------------------------------
# Write cases.json and count the figures

figure_fields <- c("value", "se", "ci_low", "ci_high", "df", "deff", "deff_replace", "statistic", "ndf", "ddf", "p")
n_figures <- 0
for (k in cases) for (e in k$expect) n_figures <- n_figures + sum(names(e) %in% figure_fields)

r_version <- paste(R.version$major, R.version$minor, sep = ".")
survey_version <- as.character(packageVersion("survey"))
header <- list(
  r_survey_version = survey_version,
  r_version = r_version,
  generator = "Tests/oracle/generate_survey_cases.R",
  level = LEVEL,
  qrule = "math",
  quantile_interval = "woodruff (svyquantile interval.type = \"mean\")",
  figures = n_figures
)
lines <- c("{",
           paste0("  ", vapply(names(header), function(n) paste0(json_str(n), ": ", to_json(header[[n]])), ""), ","),
           "  \"cases\": [")
case_text <- vapply(cases, function(k) {
  fields <- setdiff(names(k), "expect")
  head <- paste0("      ", vapply(fields, function(n) paste0(json_str(n), ": ", to_json(k[[n]])), ""), ",")
  ex <- if (length(k$expect) == 0) "      \"expect\": []" else
    c("      \"expect\": [", paste0("        ", vapply(k$expect, to_json, ""), c(rep(",", length(k$expect) - 1), "")), "      ]")
  paste(c("    {", head, ex, "    }"), collapse = "\n")
}, "")
lines <- c(lines, paste(case_text, collapse = ",\n"), "  ]", "}")
con <- file(file.path(out_dir, "cases.json"), "wb")
writeLines(lines, con, sep = "\n")
close(con)

cat(sprintf("R %s, survey %s: %d cases, %d figures -> %s\n", r_version, survey_version, length(cases), n_figures,
            file.path(out_dir, "cases.json")))
