#!/usr/bin/env python3
"""Re-derives a sample of the survey fixture's figures with numpy/scipy from the
textbook formulas (Taylor linearisation, replicate variances, svyciprop's logit
and beta intervals, design effects, qrule "math" and Woodruff, Rao-Scott,
compare), independently of R. Each line prints relative differences (or the two
values). Needs numpy and scipy; CI does not run it.

    python3 Tests/oracle/crosscheck_survey_cases.py
"""
import os
import csv, json, math
import numpy as np
from scipy import stats
D=os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'ToplineTests', 'Fixtures', 'survey') + os.sep
cases={c['id']:c for c in json.load(open(D+'cases.json'))['cases']}
def load(f):
    rows=list(csv.DictReader(open(D+f)))
    return rows
def col(rows,n,f=float): return np.array([f(r[n]) if r[n]!='' else np.nan for r in rows])
def taylor(u, w, strata, psu, fpc=None, lonely='fail'):
    # V = sum_h (1-f_h) n_h/(n_h-1) sum_i (z_hi - zbar_h)^2 ; z = sum w u per PSU
    z = w*u
    V=0.0
    for h in sorted(set(strata)):
        idx = strata==h
        ps = sorted(set(psu[idx]))
        zt = np.array([z[idx & (psu==p)].sum() for p in ps])
        nh=len(ps)
        f = 0 if fpc is None else nh/fpc[idx][0]
        if nh==1: continue
        V += (1-f)*nh/(nh-1)*((zt-zt.mean())**2).sum()
    return V
def rel(a,b): return abs(a-b)/abs(b)
out=[]
# apiclus1 mean api00
r=load('apiclus1.csv'); w=col(r,'pw'); y=col(r,'api00'); dnum=col(r,'dnum'); fpc=col(r,'fpc')
m=(w*y).sum()/w.sum(); u=(y-m)/w.sum()
se=math.sqrt(taylor(u,w,np.zeros(len(y)),dnum,fpc))
e=cases['apiclus1/mean/api00']['expect'][0]; out.append(('apiclus1 mean', rel(m,e['value']), rel(se,e['se'])))
q=stats.t.ppf(0.975,14); out.append(('apiclus1 mean ci', rel(m-q*se,e['ci_low']), rel(m+q*se,e['ci_high'])))
# domain E mean: u zero outside
d=np.array([x['stype']=='E' for x in r]); md=(w*y)[d].sum()/w[d].sum(); ud=np.where(d,(y-md)/w[d].sum(),0)
se=math.sqrt(taylor(ud,w,np.zeros(len(y)),dnum,fpc)); e=cases['apiclus1/where-stype-E/mean/api00']['expect'][0]
out.append(('apiclus1 domain E', rel(md,e['value']), rel(se,e['se'])))
# share awards logit interval
a=np.array([x['awards']=='Yes' for x in r],float); p=(w*a).sum()/w.sum(); se=math.sqrt(taylor((a-p)/w.sum(),w,np.zeros(len(y)),dnum,fpc))
sl=se/(p*(1-p)); lo=1/(1+math.exp(-(math.log(p/(1-p))-q*sl))); hi=1/(1+math.exp(-(math.log(p/(1-p))+q*sl)))
e=cases['apiclus1/share/awards']['expect'][0]; out.append(('apiclus1 share logit', rel(p,e['value']), rel(se,e['se']), rel(lo,e['ci_low']), rel(hi,e['ci_high'])))
# beta (Korn-Graubard) on the full design: n_eff = p(1-p)/v * (t_{n-1}/t_df)^2
neff=p*(1-p)/se**2*(stats.t.ppf(0.025,len(y)-1)/stats.t.ppf(0.025,14))**2
lo=stats.beta.ppf(0.025,neff*p,neff*(1-p)+1); hi=stats.beta.ppf(0.975,neff*p+1,neff*(1-p))
e=cases['apiclus1/interval/beta/awards']['expect'][0]; out.append(('apiclus1 beta', rel(lo,e['ci_low']), rel(hi,e['ci_high'])))
# apistrat mean with strata and fpc
r=load('apistrat.csv'); w=col(r,'pw'); y=col(r,'api00'); fpc=col(r,'fpc'); st=np.array([x['stype'] for x in r])
m=(w*y).sum()/w.sum(); se=math.sqrt(taylor((y-m)/w.sum(),w,st,np.arange(len(y)),fpc))
e=cases['apistrat/mean/api00']['expect'][0]; out.append(('apistrat mean', rel(m,e['value']), rel(se,e['se'])))
# deff (deff=TRUE): Vsrs = s2_w * (N-n)/(N n), s2_w = sum w (y-m)^2/sum w * n/(n-1), N=sum w
n=len(y); N=w.sum(); s2=(w*(y-m)**2).sum()/N*n/(n-1)
out.append(('apistrat deff', rel(se**2/(s2*(N-n)/(N*n)), e['deff']), rel(se**2/(s2/n), e['deff_replace'])))
# JK1 (mse): scale (R-1)/R
r=load('apiclus1_jk1.csv'); w=col(r,'pw'); y=col(r,'api00'); R=15
rw=np.array([col(r,f'repw{i}') for i in range(1,R+1)])
th=(w*y).sum()/w.sum(); thr=(rw*y).sum(1)/rw.sum(1); se=math.sqrt((R-1)/R*((thr-th)**2).sum())
e=cases['apiclus1-jk1/mean/api00']['expect'][0]; out.append(('jk1 mean', rel(th,e['value']), rel(se,e['se'])))
# SDR: 4/R
r=load('sdr80.csv'); w=col(r,'w'); y=col(r,'y'); R=80
rw=np.array([col(r,f'repw{i}') for i in range(1,R+1)])
th=(w*y).sum()/w.sum(); thr=(rw*y).sum(1)/rw.sum(1); se=math.sqrt(4/R*((thr-th)**2).sum())
e=cases['sdr80/mean/y']['expect'][0]; out.append(('sdr mean', rel(th,e['value']), rel(se,e['se'])))
# SDR total
th=(w*y).sum(); thr=(rw*y).sum(1); se=math.sqrt(4/R*((thr-th)**2).sum())
e=cases['sdr80/total/y']['expect'][0]; out.append(('sdr total', rel(th,e['value']), rel(se,e['se'])))
# SDR logit share via replicate logits
it=np.array([x['item']=='Yes' for x in r],float)
p=(w*it).sum()/w.sum(); pr=(rw*it).sum(1)/rw.sum(1); lg=lambda v: np.log(v/(1-v))
sl=math.sqrt(4/R*((lg(pr)-lg(p))**2).sum()); q=stats.t.ppf(0.975,79)
lo=1/(1+math.exp(-(lg(p)-q*sl))); hi=1/(1+math.exp(-(lg(p)+q*sl)))
e=cases['sdr80/share/item']['expect'][0]; out.append(('sdr logit', rel(p,e['value']), rel(lo,e['ci_low']), rel(hi,e['ci_high'])))
# quantile qrule math on apistrat: smallest x with weighted CDF >= p
r=load('apistrat.csv'); w=col(r,'pw'); y=col(r,'api00')
o=np.argsort(y,kind='stable'); cw=np.cumsum(w[o]); pos=np.where(cw<=0.5*w.sum())[0][-1]
qv=y[o][pos] if 0.5-cw[pos]/w.sum()==0 else y[o][pos+1]
e=cases['apistrat/median/api00']['expect'][0]; out.append(('apistrat median', qv, e['value']))
for o_ in out: print(o_)
# Rao-Scott on apistrat awards x stype
r=load('apistrat.csv'); w=col(r,'pw'); fpc=col(r,'fpc'); st=np.array([x['stype'] for x in r]); aw=np.array([x['awards'] for x in r])
rows=sorted(set(aw)); cols=sorted(set(st)); nr,nc=len(rows),len(cols); N=len(w)
cells=[(i,j) for j in cols for i in rows]   # rows vary fastest
X=np.array([[1.0 if (aw[k]==i and st[k]==j) else 0.0 for (i,j) in cells] for k in range(N)])
pm=(w[:,None]*X).sum(0)/w.sum()
U=(X-pm)/w.sum()
# covariance matrix by Taylor: stratified, each row its own PSU
V=np.zeros((len(cells),len(cells)))
for h in cols:
    idx=st==h; z=(w[:,None]*U)[idx]; nh=idx.sum(); f=nh/fpc[idx][0]
    zc=z-z.mean(0); V+=(1-f)*nh/(nh-1)*zc.T@zc
grid=[(a,b) for b in range(nc) for a in range(nr)]
X1=np.array([[1]+[1.0 if a==ii else 0 for ii in range(1,nr)]+[1.0 if b==jj else 0 for jj in range(1,nc)] for a,b in grid])
inter=np.array([[ (1.0 if a==ii else 0)*(1.0 if b==jj else 0) for ii in range(1,nr) for jj in range(1,nc)] for a,b in grid])
Qm,_=np.linalg.qr(X1); C=inter-Qm@(Qm.T@inter)
iD=np.diag(1/pm); denom=C.T@(iD/N)@C; numr=C.T@iD@V@iD@C; Delta=np.linalg.solve(denom,numr)
tr=np.trace(Delta); d0=tr**2/np.trace(Delta@Delta)
tab=(N*pm).reshape(nc,nr).T; e_=tab.sum(1)[:,None]*tab.sum(0)[None,:]/N; X2=((tab-e_)**2/e_).sum()
Fs=X2/tr; nu=N-len(cols)
e=cases['apistrat/crosstab/awards-stype']['expect']
print('RS F', rel(Fs,e[0]['statistic']), rel(d0,e[0]['ndf']), rel(d0*nu,e[0]['ddf']), rel(stats.f.sf(Fs,d0,d0*nu),e[0]['p']))
print('RS Chisq', rel(X2,e[1]['statistic']), rel(stats.chi2.sf(X2/(tr/Delta.shape[0]),Delta.shape[0]),e[1]['p']))
# compare E vs H apistrat: independent strata -> cov 0
y=col(r,'api00')
def dm(lv):
    d=st==lv; m=(w*y)[d].sum()/w[d].sum(); u=np.where(d,(y-m)/w[d].sum(),0); return m,u
mE,uE=dm('E'); mH,uH=dm('H'); u=uE-uH
se=math.sqrt(taylor(u,w,st,np.arange(N),fpc)); t=(mE-mH)/se; p=2*stats.t.sf(abs(t),147)
e=cases['apistrat/compare-stype/mean-api00']['expect'][2]
print('compare', rel(mE-mH,e['value']), rel(se,e['se']), rel(t,e['statistic']), rel(p,e['p']))
# Woodruff median apiclus1: CI for p from SE of mean(x<=qhat), then qrule
r=load('apiclus1.csv'); w=col(r,'pw'); y=col(r,'api00'); dnum=col(r,'dnum'); fpc=col(r,'fpc')
def qmath(y,w,p):
    o=np.argsort(y,kind='stable'); cw=np.cumsum(w[o]); ok=np.where(cw<=p*w.sum())[0]; pos=ok[-1]
    return y[o][pos] if p-cw[pos]/w.sum()==0 else y[o][min(pos+1,len(y)-1)]
qh=qmath(y,w,0.5); ind=(y<=qh).astype(float); pp=(w*ind).sum()/w.sum(); se=math.sqrt(taylor((ind-pp)/w.sum(),w,np.zeros(len(y)),dnum,fpc))
q=stats.t.ppf(0.975,14); lo=qmath(y,w,pp-q*se); hi=qmath(y,w,pp+q*se)
e=cases['apiclus1/median/api00']['expect'][0]
print('woodruff', qh, e['value'], lo, e['ci_low'], hi, e['ci_high'], rel((hi-lo)/(2*q), e['se']))
r=load('sdr80.csv'); w=col(r,'w'); y=col(r,'y'); R=80
rw=np.array([col(r,f'repw{i}') for i in range(1,R+1)])
th=(w*y).sum()/w.sum(); thr=(rw*y).sum(1)/rw.sum(1); V=4/R*((thr-th)**2).sum()
n=len(y); N=w.sum(); s2=(w*(y-th)**2).sum()/N*n/(n-1)
e=cases['sdr80/mean/y']['expect'][0]
print('sdr deff', rel(V/(s2/n*(N-n)/N), e['deff']), rel(V/(s2/n), e['deff_replace']))

