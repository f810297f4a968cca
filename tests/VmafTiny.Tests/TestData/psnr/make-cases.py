# Synthetic PSNR edge cases for PsnrEdgeCaseTests: raw planar frames in vmaf-tiny's YuvFrame layout (planes back to
# back, chroma (w+1)/2 wide, samples above 8 bits little-endian), written as NAME.ref.yuv / NAME.dist.yuv, and
# cases.txt (name width height format bitdepth libvmaf-options). make-references.sh turns them into libvmaf's values.
import random, struct, sys
def planes(w,h,fmt):
    if fmt=='400': return [(w,h)]
    cw = w if fmt=='444' else (w+1)//2
    ch = (h+1)//2 if fmt=='420' else h
    return [(w,h),(cw,ch),(cw,ch)]
def write(name,w,h,fmt,bpc,frames):
    # frames: list of (ref_planes, dist_planes), each a list of flat sample lists
    for side in (0,1):
        with open(f'{name}.{"ref" if side==0 else "dist"}.yuv','wb') as f:
            for fr in frames:
                for p in fr[side]:
                    f.write(bytes(p) if bpc==8 else struct.pack(f'<{len(p)}H',*p))
def noise(r,v,amp,mx): return min(mx,max(0,v+r.randint(-amp,amp)))
cases=[]
def case(name,w,h,fmt,bpc,nframes,opts,make):
    r=random.Random(name)
    frames=[make(r,f,planes(w,h,fmt),(1<<bpc)-1) for f in range(nframes)]
    write(name,w,h,fmt,bpc,frames)
    cases.append((name,w,h,fmt,bpc,opts))
# odd 4:2:0: the last chroma column and row (outside libvmaf's w>>1 x h>>1 planes) differ wildly between ref and dist
def odd(r,f,pl,mx):
    ref=[];dis=[]
    for i,(pw,ph) in enumerate(pl):
        a=[((x*3+y*5+i*40) % (mx+1)) ^ r.randint(0,7) for y in range(ph) for x in range(pw)]
        b=[noise(r,v,6+3*f,mx) for v in a]
        if i>0:
            for y in range(ph):
                for x in range(pw):
                    if x==pw-1 or y==ph-1: a[y*pw+x]=0; b[y*pw+x]=mx
        ref.append(a);dis.append(b)
    return ref,dis
case('odd420p8',333,197,'420',8,2,'enable_apsnr=true:enable_mse=true',odd)
case('odd420p10',35,33,'420',10,2,'enable_apsnr=true:enable_mse=true',odd)
# 4:0:0 16-bit: full-range samples, extremes 0 against 65535 in some pixels
def mono16(r,f,pl,mx):
    pw,ph=pl[0]
    a=[r.randint(0,mx) for _ in range(pw*ph)]
    b=[noise(r,v,200*(f+1),mx) for v in a]
    for k in range(0,pw*ph,7): a[k]=0; b[k]=mx
    return [a],[b]
case('mono400p16',64,48,'400',16,3,'enable_apsnr=true:enable_mse=true',mono16)
# 12-bit 4:2:0 with min_sse: frame 1 identical (psnr = psnr_max from min_sse)
def minsse(r,f,pl,mx):
    ref=[];dis=[]
    for (pw,ph) in pl:
        a=[r.randint(0,mx) for _ in range(pw*ph)]
        b=list(a) if f==1 else [noise(r,v,3,mx) for v in a]
        ref.append(a);dis.append(b)
    return ref,dis
case('minsse420p12',37,35,'420',12,3,'min_sse=0.5:enable_apsnr=true:enable_mse=true',minsse)
case('minsse444p8',34,33,'444',8,3,'min_sse=3:enable_mse=true',minsse)
# 16-bit 4:2:2 reduced_hbd_peak; Cr identical in every frame (apsnr_cr hits its max), Cb off by one
def reduced(r,f,pl,mx):
    ref=[];dis=[]
    for i,(pw,ph) in enumerate(pl):
        a=[r.randint(0,mx) for _ in range(pw*ph)]
        b=list(a) if i==2 else ([min(mx,v+1) for v in a] if i==1 else [noise(r,v,1000,mx) for v in a])
        ref.append(a);dis.append(b)
    return ref,dis
case('reduced422p16',40,34,'422',16,2,'reduced_hbd_peak=true:enable_apsnr=true:enable_mse=true',reduced)
# chroma off, APSNR on: libvmaf still aggregates all three planes
def plain(r,f,pl,mx):
    ref=[];dis=[]
    for (pw,ph) in pl:
        a=[r.randint(0,mx) for _ in range(pw*ph)]
        ref.append(a);dis.append([noise(r,v,20,mx) for v in a])
    return ref,dis
case('chromaoff444p8',48,40,'444',8,2,'enable_chroma=false:enable_apsnr=true',plain)
# a row longer than 66051 samples at 8 bits: libvmaf's per-row uint32 sum wraps
def wrap(r,f,pl,mx):
    pw,ph=pl[0]
    return [[0]*(pw*ph)],[[mx if (x%pw)<66090 else 0 for x in range(pw*ph)]]
case('wrap400p8',66100,2,'400',8,1,'enable_apsnr=true:enable_mse=true',wrap)
with open('cases.txt','w') as f:
    for c in cases: f.write(' '.join(map(str,c))+'\n')
