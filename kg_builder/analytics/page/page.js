// kg viz pages: pan and zoom of <g id="scene"> inside <svg id="view">, and the tooltip.
// Elements with a data-i attribute show D.tips[i] (a list of [css class, text] lines) on hover.
// Text reaches the page only through textContent. Written for kg_builder; no library.
(function(){
"use strict";
const NS="http://www.w3.org/2000/svg";
const svg=document.getElementById("view"),scene=document.getElementById("scene");
const tip=document.getElementById("tip");
function el(name,attrs,parent){const e=document.createElementNS(NS,name);
 for(const k in attrs){e.setAttribute(k,attrs[k]);} if(parent){parent.appendChild(e);} return e;}
D.draw(el,scene);
let s=1,tx=0,ty=0;
function apply(){scene.setAttribute("transform","translate("+tx+","+ty+") scale("+s+")");}
function pt(ev){const p=svg.createSVGPoint();p.x=ev.clientX;p.y=ev.clientY;
 return p.matrixTransform(svg.getScreenCTM().inverse());}
function zoom(f,cx,cy){const n=Math.min(20,Math.max(0.2,s*f));f=n/s;tx=cx-(cx-tx)*f;ty=cy-(cy-ty)*f;s=n;apply();}
svg.addEventListener("wheel",ev=>{ev.preventDefault();const p=pt(ev);zoom(ev.deltaY<0?1.15:1/1.15,p.x,p.y);},{passive:false});
let drag=null;
svg.addEventListener("mousedown",ev=>{drag=pt(ev);svg.style.cursor="grabbing";});
window.addEventListener("mouseup",()=>{drag=null;svg.style.cursor="grab";});
svg.addEventListener("mousemove",ev=>{if(!drag){return;}const p=pt(ev);tx+=p.x-drag.x;ty+=p.y-drag.y;drag=p;apply();});
document.getElementById("zin").onclick=()=>zoom(1.3,D.width/2,D.height/2);
document.getElementById("zout").onclick=()=>zoom(1/1.3,D.width/2,D.height/2);
document.getElementById("zreset").onclick=()=>{s=1;tx=0;ty=0;apply();};
function show(ev){const i=ev.target.getAttribute("data-i");if(i===null){return;}
 tip.replaceChildren();for(const [cls,text] of D.tips[+i]){const d=document.createElement("div");
 d.className=cls;d.textContent=text;tip.appendChild(d);}
 tip.hidden=false;move(ev);}
function move(ev){if(tip.hidden){return;}tip.style.left=Math.min(ev.clientX+14,window.innerWidth-480)+"px";
 tip.style.top=(ev.clientY+14)+"px";}
scene.addEventListener("mouseover",show);scene.addEventListener("mousemove",move);
scene.addEventListener("mouseout",ev=>{if(ev.target.getAttribute("data-i")!==null){tip.hidden=true;}});
})();
