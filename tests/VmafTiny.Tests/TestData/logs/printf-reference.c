#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <math.h>
#include <stdlib.h>
static int count_leading_zeros_d(double x){ if(x<0)x=fabs(x); int int_part=(int)x; double f=x-int_part; int c=0; while(f<1.0&&f!=0){f*=10;c++;} return c;}
static uint64_t s=88172645463325252ULL; static uint64_t rnd(){ s^=s<<13; s^=s>>7; s^=s<<17; return s;}
static void emit(double x){ uint64_t b; memcpy(&b,&x,8); printf("%016llx %d %.6f %.16f %.2f\n",(unsigned long long)b,count_leading_zeros_d(x),x,x,x);}
int main(){
  double fixed[]={0.0,-0.0,1.0,-1.0,0.5,2.5,0.0078125,-0.0078125,0.00000050,0.0000005000000000001,1e-7,1.5e-7,9.99999e-7,1e-6,1.0000001e-6,0.9999995,0.99999949999,
   0.125,0.375,1.0/3,2.0/3,72.86789324249483,0.93425227977896075,1e-20,5e-324,2.2250738585072014e-308,1e20,123456789.123456789,2147483647.5,2147483648.0,4294967296.25,1e15+0.3,
   9007199254740993.0,0.000000123,3.328932,0.0000001,0.00000001,692.765,692.755,0.005,0.015,0.025,0.035,0.045, 100.0, 99.9999995, 1e300, -1e-300, 0.1, 0.2, 0.3};
  for(unsigned i=0;i<sizeof fixed/sizeof fixed[0];i++) emit(fixed[i]);
  /* dyadic ties at the 7th and 17th decimal */
  for(int k=1;k<40;k++){ emit((double)k/128.0); emit((double)(2*k+1)/(1<<20)); emit(ldexp((double)(2*k+1), -54)); }
  for(int i=0;i<1500;i++){
    uint64_t r=rnd(); double x;
    switch(i%5){
      case 0: x=(double)(r>>11)/9007199254740992.0; break;             /* [0,1) */
      case 1: x=ldexp((double)(r>>11)/9007199254740992.0, (int)(rnd()%80)-60); break;
      case 2: x=((double)(r>>11)/9007199254740992.0)*100.0; break;
      case 3: memcpy(&x,&r,8); if(isnan(x)||isinf(x)||fabs(x)>1e30||fabs(x)<1e-30) x=(double)(r%1000000)/1e7; break;
      default: x=-((double)(r>>11)/9007199254740992.0)*1e-5; break;
    }
    emit(x);
  }
  return 0;
}
